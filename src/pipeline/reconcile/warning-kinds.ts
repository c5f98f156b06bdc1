import { nearestName } from '../../text/nearest.js';

/**
 * Every warning a record can carry has one kind, read from the first words of its message: the message a
 * person reads stays as it is, and `jq` can select by kind with the same prefixes
 * (`select(.warnings[] | startswith("copies disagree on"))`). The README and docs/dump-format.md list this table.
 */
export const WARNING_KINDS = [
  { kind: 'one-copy', prefixes: ['only the line copy was saved', 'only the flat copy was saved'], meaning: 'only one of the two copies was saved' },
  { kind: 'cut-copy', prefixes: ['flat copy cut off', 'line copy cut off'], meaning: 'a copy stops part-way' },
  { kind: 'copies-disagree', prefixes: ['copies disagree on'], meaning: 'both copies hold a field, with different values' },
  {
    kind: 'copy-lacks-field',
    prefixes: ['the line copy has no', "the line copy's header has no", "the flat copy's header has no"],
    meaning: 'one copy lacks a line or count the other has',
  },
  { kind: 'missing-value', prefixes: ['missing '], meaning: 'neither copy has the field: null' },
  { kind: 'unreadable-value', prefixes: ['unreadable '], meaning: "the field is there but can't be read: null" },
  { kind: 'creator-link', prefixes: ["flat copy's creator link shows"], meaning: 'link text and link path name different handles' },
  { kind: 'split-topics', prefixes: ['topics come from the line copy alone'], meaning: 'topics split at spaces' },
] as const;

export type WarningKind = (typeof WARNING_KINDS)[number]['kind'];

export const WARNING_KIND_NAMES: readonly WarningKind[] = WARNING_KINDS.map((entry) => entry.kind);

/** The kind of a warning message; null for a message postdump does not make. */
export function warningKind(message: string): WarningKind | null {
  for (const { kind, prefixes } of WARNING_KINDS) if (prefixes.some((prefix) => message.startsWith(prefix))) return kind;
  return null;
}

/** `--allow` values → kinds, or the message for the first unknown one (`did you mean one-copy?`). */
export function readWarningKinds(names: readonly string[]): WarningKind[] | string {
  const kinds: WarningKind[] = [];
  for (const name of names) {
    const kind = WARNING_KIND_NAMES.find((known) => known === name);
    if (kind === undefined) {
      const near = nearestName(name, WARNING_KIND_NAMES);
      return `unknown warning kind "${name}"${near ? `: did you mean ${near}?` : ''}; the kinds are ${WARNING_KIND_NAMES.join(', ')}`;
    }
    kinds.push(kind);
  }
  return kinds;
}

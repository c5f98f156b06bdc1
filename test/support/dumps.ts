/** One post as a dump saves it (flat copy, then line copy), with the counts a test wants to follow. */
export interface DumpPost {
  /** The number in the post's id (`tweet::ID`); null: a post that lost its id line (line copy only). */
  readonly id: number | null;
  readonly engagements: number;
  readonly followers: number;
  readonly body?: string;
}

const n = (value: number) => value.toLocaleString('en-US');

export function dumpPost({ id, engagements, followers, body = `Post number ${id ?? 'none'}.` }: DumpPost): string {
  const header = `Ann Lee @ann on x ${n(followers)} followers`;
  const created = 'Created: 2026-04-18 21:40:09 UTC';
  const lines = [header, created, body, `${n(engagements)} engagements`];
  if (id === null) return lines.join('\n');
  const flat = `Ann Lee [@ann](/creator/twitter/ann) on x ${n(followers)} followers ${created} ${body}  ${n(engagements)} engagements [Post Link](https://x.com/ann/status/${id})`;
  return [flat, ...lines, `/post/tweet::${id}`].join('\n');
}

/** A dump file's text: these posts, one after another. */
export function dumpText(posts: readonly DumpPost[]): string {
  return `${posts.map(dumpPost).join('\n\n')}\n`;
}

import { type Count, parseCount } from './counts.js';

/** The guest-mode banner, `[GUEST ACCESS MODE: ...]`, that opens each copy of a keyless fetch. */
export const BANNER_START = '[GUEST ACCESS MODE';

/** The part of a header both copies share: ` on <network> <count> followers`. */
export interface Audience {
  readonly network: string;
  /** Null when the header has no count at all (`on x followers`). */
  readonly followers: Count | null;
}

/** Turns a `<count>` token (undefined when the header has none) and network word into an {@link Audience}. */
export function audience(network: string, followersToken: string | undefined): Audience {
  return { network, followers: followersToken === undefined ? null : parseCount(followersToken) };
}

/**
 * A display name of only spaces and tabs is no name (the page's layout around none). Other blanks are a
 * name's own characters: a name of only U+00A0 or U+3000 is how some users show none, and is kept as written.
 */
export function displayNameOrNull(text: string): string | null {
  return /^[ \t]*$/.test(text) ? null : text;
}

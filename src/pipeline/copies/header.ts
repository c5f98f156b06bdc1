import { isBlankText } from '../decode/lines.js';
import { type Count, parseCount } from './counts.js';

/** The guest-mode banner, `[GUEST ACCESS MODE: ...]`, that opens each copy of a keyless fetch. */
export const BANNER_START = '[GUEST ACCESS MODE';

/** The part of a header both copies share: ` on <network> <count> followers`. */
export interface Audience {
  readonly network: string;
  readonly followers: Count;
}

/** Turns a `<count>` token and network word into an {@link Audience}. */
export function audience(network: string, followersToken: string): Audience {
  return { network, followers: parseCount(followersToken) };
}

/** A display name of only blanks is no name. */
export function displayNameOrNull(text: string): string | null {
  return isBlankText(text) ? null : text;
}

/** `scheme://host/` where the host is this site or one of its subdomains (`www.`, `m.`, `old.`): the rest is the path. */
const on = (hosts: string) => `^https?://(?:[\\w-]+\\.)*(?:${hosts})(?::\\d+)?/`;

// Where a post's own id stands in the links of the sites the site covers, each on its own host only: a
// news article's URL may well hold `?v=2` or `/video/6367001234112`, and names no post by them.
const LINK_IDS = [
  new RegExp(`${on('x\\.com|twitter\\.com')}[^?#]*?/status(?:es)?/(\\d+)`),
  new RegExp(`${on('youtube\\.com')}(?:watch\\?(?:[^#]*&)?v=|shorts/|live/)([\\w-]+)`),
  new RegExp(`${on('youtu\\.be')}([\\w-]+)`),
  new RegExp(`${on('tiktok\\.com')}[^?#]*?/video/(\\d+)`),
  new RegExp(`${on('reddit\\.com')}[^?#]*?/comments/(\\w+)`),
  new RegExp(`${on('instagram\\.com')}(?:[^?#/]+/)?(?:p|reel)/([\\w-]+)`),
  new RegExp(`${on('bsky\\.app')}profile/[^/?#]+/post/(\\w+)`),
];

/**
 * The post id a post link carries, when it is a link of a site whose links are known to carry it; null
 * otherwise (a news article's URL, say), so a link of an unknown shape never contradicts a `/post/` id.
 */
export function postLinkId(link: string): string | null {
  for (const shape of LINK_IDS) {
    const id = shape.exec(link)?.[1];
    if (id !== undefined) return id;
  }
  return null;
}

/**
 * Whether a post link and a `/post/<type>::<id>` id name the same post: null when that cannot be told (no
 * link, no `/post/` id, a link that carries no id, or ids of different kinds: Instagram's links carry a
 * short code where a `/post/` line may carry a number). The same when the `/post/` id ends with the
 * link's (Reddit's is prefixed: `t3_1abcde` for `/comments/1abcde/`).
 */
export function linkNamesPost(link: string | null, postId: string | null): boolean | null {
  if (link === null || postId === null) return null;
  const fromLink = postLinkId(link);
  const fromLine = postId.slice(postId.indexOf('::') + 2);
  if (fromLink === null || DIGITS.test(fromLink) !== DIGITS.test(fromLine)) return null;
  return fromLine.endsWith(fromLink);
}

const DIGITS = /^\d+$/;

// An X post link, as the contract reads an id from it: x.com or twitter.com (any subdomain) /<handle>/status/<digits>.
const X_POST_LINK = /^https?:\/\/(?:[\w-]+\.)*(?:x|twitter)\.com\/[^/?#\s]+\/status\/(\d+)(?:[/?#]|$)/;

/** `tweet::<digits>` for an X post link (see {@link X_POST_LINK}); null for any other link. */
export function xPostId(link: string | null): string | null {
  const digits = link === null ? undefined : X_POST_LINK.exec(link)?.[1];
  return digits === undefined ? null : `tweet::${digits}`;
}

// Where a post's own id stands in the links the site gives: x.com/<handle>/status/<id>, youtube.com/watch?v=<id>,
// tiktok.com/@<handle>/video/<id>, reddit.com/r/<sub>/comments/<id>/, instagram.com/p/<id>/, bsky.app/.../post/<id>.
const LINK_IDS = [
  /\/status(?:es)?\/(\d+)/,
  /[?&]v=([\w-]+)/,
  /youtu\.be\/([\w-]+)/,
  /\/video\/(\d+)/,
  /\/comments\/(\w+)/,
  /instagram\.com\/(?:p|reel)\/([\w-]+)/,
  /bsky\.app\/profile\/[^/]+\/post\/(\w+)/,
];

/**
 * The post id a post link carries, when it has one of the shapes known to carry it; null otherwise (a news
 * article's URL, say), so a link of an unknown shape never contradicts a `/post/` id.
 */
export function postLinkId(link: string): string | null {
  for (const shape of LINK_IDS) {
    const id = shape.exec(link)?.[1];
    if (id !== undefined) return id;
  }
  return null;
}

/**
 * Whether a post link and a `/post/<type>::<id>` id name different posts: both known, and the `/post/` id
 * does not end with the link's (Reddit's is prefixed: `t3_1abcde` for `/comments/1abcde/`).
 */
export function idsContradict(link: string | null, postId: string | null): boolean {
  if (link === null || postId === null) return false;
  const fromLink = postLinkId(link);
  const fromLine = postId.slice(postId.indexOf('::') + 2);
  return fromLink !== null && !fromLine.endsWith(fromLink);
}

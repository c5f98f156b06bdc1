/** A count as people read it, the same in every message: `1,234`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `1 record`, `1,234 records`. */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

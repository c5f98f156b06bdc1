/**
 * The name a mistyped one most likely meant: the same but for case, or one within a few edits (a third of
 * the name's length, at most 3: `engagement`, `creator_follower`); null when none is that close.
 */
export function nearestName<T extends string>(name: string, names: readonly T[]): T | null {
  const lower = name.toLowerCase();
  let best: { name: T; distance: number } | null = null;
  for (const candidate of names) {
    const distance = editDistance(lower, candidate);
    if (distance <= Math.min(3, Math.floor(candidate.length / 3)) && (best === null || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name ?? null;
}

/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

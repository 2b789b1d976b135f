/** Up to `max` candidates closest to `input` (typos, missing prefixes), best first. */
export function closestNames(input: string, candidates: readonly string[], max = 3): string[] {
  const needle = input.toUpperCase();
  return candidates
    .map((candidate) => {
      const upper = candidate.toUpperCase();
      // A substring match (API_URL → STEWARD_API_URL) is as good as a one-letter typo.
      const score = upper.includes(needle) || needle.includes(upper) ? 1 : editDistance(needle, upper);
      return { candidate, score };
    })
    .filter(({ score, candidate }) => score <= Math.max(3, Math.floor(candidate.length / 3)))
    .sort((a, b) => a.score - b.score)
    .slice(0, max)
    .map(({ candidate }) => candidate);
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** "Did you mean": the nearest known name to a misspelt one, for flags and for the values of a choice. */

/**
 * Edits between two words, where swapping two neighbouring letters counts as one edit (optimal string
 * alignment): "recrods" is one edit from "records", as a person would count it.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Edits allowed before a known name stops looking like what was meant: one per three letters, at least one. */
export function suggestionDistance(typed: string): number {
  return Math.max(1, Math.floor(typed.length / 3));
}

/**
 * The known name nearest to `typed` (case ignored), if it is near enough to be a likely slip; else the one
 * known name that starts with `typed` (an abbreviation such as "rec"); else undefined. Ties go to the name
 * listed first.
 */
export function suggest(typed: string, known: readonly string[]): string | undefined {
  const wanted = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = suggestionDistance(wanted) + 1;
  for (const name of known) {
    const distance = editDistance(wanted, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  const prefixed = known.filter((name) => wanted.length >= 2 && name.toLowerCase().startsWith(wanted));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

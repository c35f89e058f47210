/** The n highest-scoring items, best first; ties keep input order. O(items * n), n small. */
export function topN<T>(items: Iterable<T>, n: number, score: (item: T) => number): T[] {
  const best: Array<{ item: T; score: number }> = [];
  if (n <= 0) return [];
  for (const item of items) {
    const s = score(item);
    if (!(s > 0)) continue;
    if (best.length === n && s <= best[n - 1]!.score) continue;
    let i = best.length;
    while (i > 0 && best[i - 1]!.score < s) i--;
    best.splice(i, 0, { item, score: s });
    if (best.length > n) best.pop();
  }
  return best.map((b) => b.item);
}

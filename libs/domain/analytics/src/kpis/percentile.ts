/**
 * The percentile the KPI API reports for durations: linear interpolation between the closest ranks
 * (Excel PERCENTILE.INC, ClickHouse `quantileExactInclusive`): rank h = (n - 1) * p over the sorted values,
 * result = x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]). Median = p 0.5: the mean of the two
 * middle values when n is even. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (p < 0 || p > 1) throw new RangeError(`percentile level must be within 0..1, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
}

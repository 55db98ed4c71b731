/**
 * The `q` quantile (0–1) of the values, by linear interpolation between the
 * two nearest ranks (the spreadsheet's PERCENTILE.INC, so a sales head can
 * check a figure in Excel); null for no values.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * q;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export const median = (values: readonly number[]): number | null => quantile(values, 0.5);

/** part / whole, or null when there is no whole to take a share of. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function ratio(a, b, digits = 2) {
  if (typeof a !== 'number' || typeof b !== 'number' || b === 0) return null;
  const f = 10 ** digits;
  return Math.round((a / b) * f) / f;
}

/** Merges sorted arrays (a few, small): concat and sort. */
export function mergeSorted(arrays) {
  return arrays.flat().sort((a, b) => a - b);
}

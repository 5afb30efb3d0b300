// Percentiles and number formatting for the result tables.

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: sorted.length
      ? sorted.reduce((a, b) => a + b, 0) / sorted.length
      : NaN,
  };
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Milliseconds with a precision that suits their size. */
export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function fmtBytes(bytes: number | undefined): string {
  if (bytes === undefined || Number.isNaN(bytes)) return 'n/a';
  const abs = Math.abs(bytes);
  if (abs >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (abs >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  if (abs >= 1e3) return `${(bytes / 1e3).toFixed(2)} KB`;
  return `${Math.round(bytes)} B`;
}

export function fmtInt(n: number | undefined): string {
  return n === undefined || Number.isNaN(n)
    ? 'n/a'
    : Math.round(n).toLocaleString('en');
}

/** "a / b" as "×N" (how many times b is bigger), or n/a. */
export function ratio(
  ours: number | undefined,
  theirs: number | undefined,
): string {
  if (
    ours === undefined ||
    theirs === undefined ||
    !(ours > 0) ||
    Number.isNaN(theirs)
  )
    return 'n/a';
  const r = theirs / ours;
  return r >= 10 ? `×${Math.round(r)}` : `×${r.toFixed(1)}`;
}

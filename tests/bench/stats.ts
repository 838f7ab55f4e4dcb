/** Small statistics for benchmark reports: medians and percentiles of raw samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

export function fmt(value: number, unit: string, digits = 0): string {
  return `${value.toFixed(digits)} ${unit}`;
}

export type Row = { metric: string; value: string; target: string; met: boolean | null; samples?: string };

export function printTable(title: string, rows: Row[]) {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((r) => r.metric.length));
  for (const row of rows) {
    const mark = row.met === null ? ' ' : row.met ? '✓' : '✗';
    console.log(
      `  ${mark} ${row.metric.padEnd(width)}  ${row.value.padStart(12)}   target ${row.target}${row.samples ? `   [${row.samples}]` : ''}`,
    );
  }
}

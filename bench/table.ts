/** The benchmark result rows, printed as a fixed-width table and saved as JSON. */

export interface Row {
  readonly operation: string;
  readonly baseline: string;
  /** openhuks operations per second (null when the operation failed). */
  readonly openhuks: number | null;
  readonly raw: number | null;
  readonly ratio: number | null;
  /** The ratio the issue asks for at least. */
  readonly target: number;
  readonly pass: boolean;
  readonly error?: string;
}

const HEAD = ['operation', 'openhuks ops/s', 'raw ops/s', 'ratio', 'target', 'result'];

export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => [
    row.operation,
    rate(row.openhuks),
    rate(row.raw),
    row.ratio === null ? '-' : `${row.ratio.toFixed(2)}x`,
    `>= ${row.target.toFixed(2)}x`,
    row.pass ? 'pass' : row.error === undefined ? 'FAIL' : `FAIL (${row.error})`,
  ]);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  // Text columns (the first and the last) align left, numbers right.
  const pad = (v: string, i: number): string =>
    i === 0 || i === HEAD.length - 1 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!);
  const line = (values: readonly string[]): string => values.map(pad).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(HEAD), rule, ...cells.map(line)].join('\n');
}

function rate(value: number | null): string {
  if (value === null) return '-';
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

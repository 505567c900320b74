/** The daemon rows, printed as a fixed-width table beside in-process, raw and SoftHSM. */

export interface DaemonRow {
  readonly operation: string;
  /** Operations per second; null when not measured (a dash). */
  readonly daemon: number | null;
  readonly inProcess: number | null;
  readonly raw: number | null;
  readonly softhsm: number | null;
  /** The column the target ratio is taken against. */
  readonly against: 'softhsm' | 'raw';
  readonly target: number;
  /** null when the target's column could not be measured. */
  readonly pass: boolean | null;
  readonly note?: string;
}

const HEAD = [
  'operation',
  'daemon ops/s',
  'in-process',
  'raw',
  'SoftHSM',
  'd/in-proc',
  'd/raw',
  'd/SoftHSM',
  'target',
  'result',
];

export function formatDaemonTable(rows: readonly DaemonRow[]): string {
  const cells = rows.map((row) => [
    row.operation,
    rate(row.daemon),
    rate(row.inProcess),
    rate(row.raw),
    rate(row.softhsm),
    ratio(row.daemon, row.inProcess),
    ratio(row.daemon, row.raw),
    ratio(row.daemon, row.softhsm),
    `>= ${row.target.toFixed(2)}x ${row.against === 'raw' ? 'raw' : 'SoftHSM'}`,
    result(row),
  ]);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  // Text columns (the first and the last two) align left, numbers right.
  const pad = (v: string, i: number): string =>
    i === 0 || i >= HEAD.length - 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!);
  const line = (values: readonly string[]): string => values.map(pad).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(HEAD), rule, ...cells.map(line)].join('\n');
}

function result(row: DaemonRow): string {
  const verdict = row.pass === null ? 'n/a' : row.pass ? 'pass' : 'FAIL';
  return row.note === undefined ? verdict : `${verdict} (${row.note})`;
}

function ratio(a: number | null, b: number | null): string {
  return a === null || b === null ? '-' : `${(a / b).toFixed(2)}x`;
}

function rate(value: number | null): string {
  if (value === null) return '-';
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

/**
 * Timing for the benchmarks: operations per second of an async operation, measured after a
 * warm-up, and two operations compared in alternating rounds so that drift of the machine
 * (CPU frequency, page cache, other processes) hits both sides alike.
 */

export type Operation = () => Promise<unknown> | unknown;

/** Calls `op` repeatedly for about `seconds` and returns the achieved rate (ops/s). */
export async function opsPerSecond(op: Operation, seconds: number): Promise<number> {
  const budget = seconds * 1e9;
  const started = process.hrtime.bigint();
  let count = 0;
  let elapsed = 0;
  // Check the clock every few calls only, so timing does not weigh on sub-microsecond ops.
  let batch = 1;
  while (elapsed < budget) {
    for (let i = 0; i < batch; i++) await op();
    count += batch;
    elapsed = Number(process.hrtime.bigint() - started);
    if (elapsed < budget / 50) batch = Math.min(batch * 2, 1024);
  }
  return (count * 1e9) / elapsed;
}

export interface Comparison {
  /** Median rate of the first operation over the rounds. */
  readonly a: number;
  /** Median rate of the second. */
  readonly b: number;
}

/** Warms both operations up, then measures them in `rounds` alternating turns. */
export async function compare(
  a: Operation,
  b: Operation,
  options: { rounds: number; seconds: number; warmup: number },
): Promise<Comparison> {
  await opsPerSecond(a, options.warmup);
  await opsPerSecond(b, options.warmup);
  const ratesA: number[] = [];
  const ratesB: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    ratesA.push(await opsPerSecond(a, options.seconds));
    ratesB.push(await opsPerSecond(b, options.seconds));
  }
  return { a: median(ratesA), b: median(ratesB) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Like `compare`, for any number of operations: each is warmed up, then all are measured in
 * turn in every round. Returns the median rate of each, in the order given.
 */
export async function compareAll(
  operations: readonly Operation[],
  options: { rounds: number; seconds: number; warmup: number },
): Promise<number[]> {
  for (const op of operations) await opsPerSecond(op, options.warmup);
  const rates = operations.map((): number[] => []);
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, op] of operations.entries()) {
      rates[i]!.push(await opsPerSecond(op, options.seconds));
    }
  }
  return rates.map(median);
}

import cliProgress from 'cli-progress';

/** Inputs below this size finish before a bar would be worth drawing. */
export const PROGRESS_THRESHOLD = 16 * 1024 * 1024;

/** Receives the byte count as a stream advances. */
export interface Progress {
  advance(bytes: number): void;
  stop(): void;
}

const silent: Progress = { advance: () => undefined, stop: () => undefined };

/**
 * A progress bar on the terminal's stderr for a large input, or a no-op. Stdout stays free
 * for results (and `--json`), so a bar never corrupts machine output.
 */
export function startProgress(
  enabled: boolean,
  stream: NodeJS.WritableStream,
  label: string,
  total: number,
): Progress {
  if (!enabled || total < PROGRESS_THRESHOLD) return silent;

  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {done}/{size} MiB | {rate} MB/s | eta {eta}s`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = process.hrtime.bigint();
  const mib = (n: number): string => (n / 1048576).toFixed(0);
  let done = 0;
  bar.start(total, 0, { done: '0', size: mib(total), rate: '0' });
  return {
    advance(bytes: number): void {
      done += bytes;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rate = seconds > 0 ? (done / 1e6 / seconds).toFixed(0) : '0';
      bar.update(done, { done: mib(done), rate });
    },
    stop(): void {
      bar.stop();
    },
  };
}

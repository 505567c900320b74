import { createHmac, randomBytes } from 'node:crypto';
import pino from 'pino';

/**
 * What the daemon logs through: one structured object per event. pino satisfies it; tests
 * pass NULL_LOGGER or a recorder. The library never logs (STYLE.md §3); only the daemon does.
 */
export interface Logger {
  info(fields: object): void;
  warn(fields: object): void;
  error(fields: object): void;
}

export const NULL_LOGGER: Logger = Object.freeze({
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

/** One JSON object per line on stderr (stdout stays the CLI's), written synchronously. */
export function createStderrLogger(level = 'info'): Logger {
  return pino(
    { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ fd: 2, sync: true }),
  );
}

/**
 * Aliases are logged as a keyed hash: the same alias reads the same within one daemon run,
 * so a log still tells which requests touched one key, but the key is random per run, so a
 * log line cannot be matched against guessed alias names.
 */
export function aliasHasher(): (alias: Uint8Array) => string {
  const key = randomBytes(32);
  return (alias) => createHmac('sha256', key).update(alias).digest('hex').slice(0, 16);
}

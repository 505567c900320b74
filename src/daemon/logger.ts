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
  /**
   * Whether info lines are written at all; a logger without it is taken to write them. The
   * daemon skips building a request's line (and hashing its alias) when they are not.
   */
  infoEnabled?(): boolean;
  /** Finer lines (the successful steps of a session); a logger without it drops them. */
  debug?(fields: object): void;
  /** Whether debug lines are written; absent means they are not. */
  debugEnabled?(): boolean;
  /** Writes out what is buffered; called at start, at stop and at exit. */
  flush?(): void;
}

export const NULL_LOGGER: Logger = Object.freeze({
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  infoEnabled: () => false,
});

/** Buffered info lines are written once this many bytes are waiting... */
const LOG_BUFFER_BYTES = 4096;
/** ...or after this many milliseconds, whichever comes first. */
const LOG_FLUSH_MS = 100;

/**
 * One JSON object per line on stderr (stdout stays the CLI's). Info lines (one per request)
 * are buffered, so that a busy daemon pays one write for many requests instead of a write
 * syscall each; the buffer goes out at 4 KiB, every 100 ms, at start and stop and when the
 * process exits. Warnings and errors are written at once. Only a SIGKILL can lose the last
 * 100 ms of info lines.
 */
export function createStderrLogger(level = 'info'): Logger {
  const destination = pino.destination({
    fd: 2,
    sync: true,
    minLength: LOG_BUFFER_BYTES,
    periodicFlush: LOG_FLUSH_MS,
  });
  const log = pino({ level, base: { pid: process.pid }, timestamp: isoTimeByMs() }, destination);
  const flush = () => destination.flushSync();
  process.on('exit', flush);
  return {
    info: (fields) => log.info(fields),
    warn: (fields) => {
      log.warn(fields);
      flush();
    },
    error: (fields) => {
      log.error(fields);
      flush();
    },
    infoEnabled: () => log.isLevelEnabled('info'),
    debug: (fields) => log.debug(fields),
    debugEnabled: () => log.isLevelEnabled('debug'),
    flush,
  };
}

/**
 * Aliases are logged as a keyed hash: the same alias reads the same within one daemon run,
 * so a log still tells which requests touched one key, but the key is random per run, so a
 * log line cannot be matched against guessed alias names.
 */
export function aliasHasher(): (alias: Uint8Array) => string {
  const key = randomBytes(32);
  // An app uses a few aliases over and over: their hashes are kept (an HMAC is ~1.3 us, most
  // of what logging a request costs), up to a bound, then the memo starts over.
  const known = new Map<string, string>();
  return (alias) => {
    const name = Buffer.from(alias.buffer, alias.byteOffset, alias.byteLength).toString('latin1');
    let hash = known.get(name);
    if (hash === undefined) {
      hash = createHmac('sha256', key).update(alias).digest('hex').slice(0, 16);
      if (known.size >= ALIAS_MEMO) known.clear();
      known.set(name, hash);
    }
    return hash;
  };
}

/** Aliases whose log hash is remembered (aliasHasher). */
const ALIAS_MEMO = 4096;

/**
 * pino's ISO time field, formatted once per millisecond: a busy daemon logs many requests in
 * one, and formatting a date is a fifth of what a line costs.
 */
function isoTimeByMs(): () => string {
  let ms = Number.NaN;
  let field = '';
  return () => {
    const now = Date.now();
    if (now !== ms) {
      ms = now;
      field = `,"time":"${new Date(now).toISOString()}"`;
    }
    return field;
  };
}

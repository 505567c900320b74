import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

import { createKeystoreCore } from '../core/keystore-core.js';
import { IdentityService } from '../iam/identity-service.js';
import { pollWindowUs } from '../protocol/poll.js';
import { createKeystoreService, type LocalKeystoreService } from '../service/keystore-service.js';
import type { SessionPolicy } from '../service/session-policy.js';
import { openStorage } from '../store/open.js';
import { acquireDaemonLock, DaemonStartError, type DaemonLock } from './lock.js';
import { NULL_LOGGER, type Logger } from './logger.js';
import { AppRegistry } from './registry.js';
import { DaemonServer } from './server.js';

export const SOCKET_FILE = 'huks.sock';
/** sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included. */
const MAX_SOCKET_PATH = 103;

export interface DaemonOptions {
  /** The data directory: keys, root key, app registry, lock and (by default) the socket. */
  readonly home: string;
  /** Default `<home>/huks.sock`. */
  readonly socketPath?: string;
  /** A group (name or gid) that may connect: the socket becomes 0660 in that group. */
  readonly socketGroup?: string;
  /** sessions.md §5, for all apps together; 'api9' by default. */
  readonly sessionPolicy?: SessionPolicy;
  readonly logger?: Logger;
  /**
   * Microseconds the daemon keeps its event loop awake for the next request after a reply
   * (protocol/poll.ts): CPU for latency. Default HUKS_IPC_POLL_US, else 200; 0 turns it off.
   */
  readonly pollUs?: number;
}

/** A started daemon. */
export interface RunningDaemon {
  readonly socketPath: string;
  readonly service: LocalKeystoreService;
  readonly server: DaemonServer;
  /** Drains, aborts every session, closes storage and the socket. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the keystore daemon: takes the data directory's lock, opens the store and the app
 * registry, and listens. Nothing is left behind when a step fails.
 * @throws DaemonStartError with a message for people (another daemon, bad socket path or
 *   group); a HuksFailure (12000004 family) when the store cannot be opened.
 */
export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const logger = options.logger ?? NULL_LOGGER;
  const socketPath = options.socketPath ?? join(options.home, SOCKET_FILE);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    throw new DaemonStartError(
      `socket path ${socketPath} is longer than ${MAX_SOCKET_PATH} bytes; choose a shorter one`,
    );
  }
  const gid = options.socketGroup === undefined ? undefined : groupId(options.socketGroup);
  const pollUs = pollWindow(options.pollUs);

  mkdirSync(options.home, { recursive: true, mode: 0o700 });
  const cleanups: (() => void)[] = [];
  const undo = () => {
    for (const cleanup of cleanups.reverse()) cleanup();
  };
  try {
    const lock: DaemonLock = acquireDaemonLock(options.home);
    cleanups.push(() => lock.release());
    const storage = openStorage(options.home);
    cleanups.push(() => storage.close());
    const registry = AppRegistry.open(options.home);
    cleanups.push(() => registry.close());
    const service = createKeystoreService({
      core: createKeystoreCore({ iam: new IdentityService(options.home) }),
      store: storage.store,
      sealer: storage.sealer,
      sessionPolicy: options.sessionPolicy ?? 'api9',
    });
    cleanups.push(() => service.closeAll());

    // Holding the lock proves that a socket file left here belongs to a dead daemon.
    removeStaleSocket(socketPath);
    const server = new DaemonServer({ service, registry, logger, pollUs });
    await listenPrivately(server, socketPath, gid);
    cleanups.push(() => removeStaleSocket(socketPath));

    logger.info({
      event: 'start',
      home: options.home,
      socket: socketPath,
      policy: options.sessionPolicy ?? 'api9',
      pollUs,
    });
    // Whoever waits for the start line (a supervisor, a test) sees it now, not at a flush.
    logger.flush?.();
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= server.stop().then(() => {
        const sessions = service.sessionCount;
        undo();
        logger.info({ event: 'stop', abortedSessions: sessions });
        logger.flush?.();
      });
      return stopping;
    };
    return { socketPath, service, server, stop };
  } catch (err) {
    undo();
    throw err;
  }
}

/**
 * `huks serve`: runs the daemon in the foreground until SIGTERM or SIGINT, then drains and
 * stops. Resolves with the exit status (0 after a requested stop).
 */
export async function runDaemon(options: DaemonOptions): Promise<number> {
  const daemon = await startDaemon(options);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
      options.logger?.info({ event: 'signal', signal });
      resolve();
    };
    process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
  });
  await daemon.stop();
  return 0;
}

/** The polling window from the option or HUKS_IPC_POLL_US, as a start error when invalid. */
function pollWindow(option: number | undefined): number {
  try {
    return pollWindowUs(option);
  } catch (err) {
    throw new DaemonStartError((err as Error).message);
  }
}

/** Socket file 0600 (or 0660 in the named group), never wider even for an instant. */
async function listenPrivately(server: DaemonServer, path: string, gid: number | undefined) {
  const previous = process.umask(0o177);
  try {
    await server.listen(path);
  } finally {
    process.umask(previous);
  }
  if (gid !== undefined) {
    chownSync(path, -1, gid);
    chmodSync(path, 0o660);
  } else {
    chmodSync(path, 0o600);
  }
}

function removeStaleSocket(path: string): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (!stat.isSocket()) {
    throw new DaemonStartError(`${path} exists and is not a socket; refusing to replace it`);
  }
  unlinkSync(path);
}

/** A gid from a number or a group name of /etc/group (Node has no getgrnam). */
function groupId(group: string): number {
  if (/^\d+$/.test(group)) return Number(group);
  let lines: string[] = [];
  try {
    lines = readFileSync('/etc/group', 'utf8').split('\n');
  } catch {
    // Fall through to the error below.
  }
  for (const line of lines) {
    const [name, , gid] = line.split(':');
    if (name === group && gid !== undefined && /^\d+$/.test(gid)) return Number(gid);
  }
  throw new DaemonStartError(`unknown group ${group}`);
}

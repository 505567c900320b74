import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import type { Duplex } from 'node:stream';

import { RefuseReason } from '../protocol/errors.js';
import { DEFAULT_POLL_US, WakeupPoll } from '../protocol/poll.js';
import type { LocalKeystoreService } from '../service/keystore-service.js';
import { DaemonConnection } from './connection.js';
import { aliasHasher, type Logger } from './logger.js';
import type { AppRegistry } from './registry.js';

export interface DaemonServerOptions {
  readonly service: LocalKeystoreService;
  readonly registry: AppRegistry;
  readonly logger: Logger;
  /** Microseconds to poll for the next request after a reply; 0 = off (protocol/poll.ts). */
  readonly pollUs?: number;
}

/** How often the registry is checked for removed apps while no request arrives. */
const REGISTRY_POLL_MS = 1000;

/**
 * The daemon's connections over one service: it accepts them (from a socket server or as
 * streams handed in by tests), keeps them in step with the app registry, and drains them at
 * shutdown.
 */
export class DaemonServer {
  private readonly connections = new Set<DaemonConnection>();
  private readonly hashAlias = aliasHasher();
  private readonly registryTimer: NodeJS.Timeout;
  /** One for all connections: any request that comes in ends the daemon's wait. */
  private readonly wakeup: WakeupPoll;
  private server: Server | undefined;

  constructor(private readonly options: DaemonServerOptions) {
    this.registryTimer = setInterval(() => this.syncRegistry(), REGISTRY_POLL_MS).unref();
    this.wakeup = new WakeupPoll(options.pollUs ?? DEFAULT_POLL_US);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Serves one stream as a client connection. */
  accept(stream: Duplex): DaemonConnection {
    const { service, logger, registry } = this.options;
    const connection = new DaemonConnection(stream, randomUUID(), {
      service,
      logger,
      hashAlias: this.hashAlias,
      findApp: (token) => registry.findByToken(token),
      beforeRequest: () => this.syncRegistry(),
      poll: this.wakeup,
    });
    this.connections.add(connection);
    stream.on('close', () => this.connections.delete(connection));
    return connection;
  }

  /** Starts accepting on a Unix socket (created by the caller's umask; see run-daemon.ts). */
  listen(socketPath: string): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  /**
   * Shutdown: accept nothing new, let running requests finish and be answered, then close
   * every connection (their sessions end with them).
   */
  async stop(): Promise<void> {
    clearInterval(this.registryTimer);
    const closing = this.server === undefined ? Promise.resolve() : closeServer(this.server);
    await Promise.all([...this.connections].map((c) => c.drain()));
    const open = [...this.connections];
    for (const connection of open) {
      connection.refuse(RefuseReason.SHUTDOWN, 'the daemon is stopping');
    }
    // refuse() destroys a peer that does not close within a second, so this ends.
    await Promise.all(open.map((c) => c.finished));
    await closing;
  }

  /**
   * `huks app remove` writes the registry from another process: connections of an app that is
   * no longer registered are ended, and with them its sessions (as an uninstall does).
   */
  private syncRegistry(): void {
    if (!this.options.registry.changed()) return;
    for (const connection of this.connections) {
      const app = connection.app;
      if (app === undefined || this.options.registry.has(app.id)) continue;
      this.options.service.abortAllOf(connection.id);
      this.options.logger.info({ event: 'app-removed', conn: connection.id, app: app.bundle });
      connection.refuse(RefuseReason.APP_REMOVED, 'the app was removed');
    }
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

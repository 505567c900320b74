// The one way tests get a HUKS namespace: a fresh data directory per instance, removed again by
// cleanup(). Every test writer uses this instead of the default instance, which would touch
// the user's real data folder.
//
// With HUKS_TEST_TARGET=daemon the same namespace goes through a real keystore daemon: one
// daemon child process per data directory (shared by the instances on that directory), the
// instance's app registered in it, and createHuks talking to it over the socket. Suites run
// unchanged in both modes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { resolveConfig, type InstanceConfig } from '../../src/config.js';
import { AppRegistry } from '../../src/daemon/registry.js';
import { createHuks, type CreateHuksOptions, type HuksNamespace } from '../../src/index.js';
import { startDaemonChild, type DaemonChild } from './daemon.js';

export interface TempHuks {
  readonly huks: HuksNamespace;
  /** The instance's data directory (database and root key). */
  readonly home: string;
  /** Closes the instance (sessions, database) and removes the directory. */
  cleanup(): Promise<void>;
}

/** Whether tempHuks() runs through the daemon (HUKS_TEST_TARGET=daemon). */
export const DAEMON_TARGET = process.env['HUKS_TEST_TARGET'] === 'daemon';

/**
 * A HUKS instance on a new temporary home. Options are passed to createHuks; `home` is the
 * temporary directory unless given (then the caller owns and removes it: cleanup only closes).
 */
export function tempHuks(options: CreateHuksOptions = {}): TempHuks {
  const ownHome = options.home === undefined;
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'openhuks-test-'));
  if (DAEMON_TARGET) return daemonHuks(resolveConfig({ ...options, home }), ownHome);
  const huks = createHuks({ ...options, home });
  return {
    huks,
    home,
    async cleanup() {
      await huks.close();
      if (ownHome) rmSync(home, { recursive: true, force: true });
    },
  };
}

interface SharedDaemon {
  readonly child: DaemonChild;
  readonly config: InstanceConfig;
  users: number;
}

const daemons = new Map<string, SharedDaemon>();
/** Tokens by home and identity: an app registered once keeps its token for the whole run. */
const tokens = new Map<string, string>();

/** The identity options become the app's registration; the session policy the daemon's. */
function daemonHuks(config: InstanceConfig, ownHome: boolean): TempHuks {
  const shared = daemonFor(config);
  const huks = createHuks({ socket: shared.child.socketPath, appToken: tokenFor(config) });
  let closed = false;
  return {
    huks,
    home: config.home,
    async cleanup() {
      await huks.close();
      if (closed) return;
      closed = true;
      if (--shared.users === 0) {
        daemons.delete(config.home);
        await shared.child.stop();
      }
      if (ownHome) rmSync(config.home, { recursive: true, force: true });
    },
  };
}

function daemonFor(config: InstanceConfig): SharedDaemon {
  const running = daemons.get(config.home);
  if (running !== undefined) {
    if (running.config.sessionPolicy !== config.sessionPolicy) {
      throw new Error(`the daemon on ${config.home} runs another session policy`);
    }
    running.users++;
    return running;
  }
  const child = startDaemonChild({ home: config.home, sessionPolicy: config.sessionPolicy });
  const shared = { child, config, users: 1 };
  daemons.set(config.home, shared);
  return shared;
}

function tokenFor(config: InstanceConfig): string {
  const key = JSON.stringify([config.home, config.app, config.userId]);
  const known = tokens.get(key);
  if (known !== undefined) return known;
  const registry = AppRegistry.open(config.home);
  try {
    const { token } = registry.add({
      bundle: config.app,
      userId: config.userId,
      uid: config.uid,
      isSystem: config.isSystem,
    });
    tokens.set(key, token);
    return token;
  } finally {
    registry.close();
  }
}

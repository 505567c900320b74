// Real keystore daemons in child processes, for the daemon tests and for tempHuks() in daemon
// mode (HUKS_TEST_TARGET=daemon).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { SessionPolicy } from '../../src/service/session-policy.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), '..', 'daemon', 'fixtures',
  'daemon-child.js');
/** How long a daemon may take to start before the test fails. */
const START_LIMIT_MS = 20_000;
let started = 0;

export interface DaemonChildOptions {
  readonly home: string;
  readonly socketPath?: string;
  readonly sessionPolicy?: SessionPolicy;
  /** Capture the daemon's JSON log lines (DaemonChild.log). */
  readonly log?: boolean;
}

export interface DaemonChild {
  readonly socketPath: string;
  readonly process: ChildProcess;
  /** stderr so far (JSON log lines when `log` was asked for). */
  log(): string;
  /** SIGTERM, then the exit code (SIGKILL after 10 s). */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, nothing is drained or closed. */
  kill(): Promise<void>;
}

/**
 * Starts a daemon and returns once its socket accepts connections. It blocks (it is used by
 * the synchronous tempHuks), polling a status file the child writes when it is listening.
 * @throws Error with the daemon's own message when it fails to start.
 */
export function startDaemonChild(options: DaemonChildOptions): DaemonChild {
  const socketPath = options.socketPath ?? join(options.home, 'huks.sock');
  const status = join(tmpdir(), `openhuks-daemon-${process.pid}-${Date.now()}-${++started}`);
  rmSync(status, { force: true });
  const json = JSON.stringify({ ...options, socketPath });
  const child = spawn(process.execPath, [CHILD, json, status], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  // The daemon must not keep the test process alive; it exits when our stdin pipe closes.
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  (child.stderr as unknown as { unref?: () => void }).unref?.();

  const outcome = waitForStatus(status);
  rmSync(status, { force: true });
  if (outcome !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(`the test daemon did not start: ${outcome}`);
  }
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  return {
    socketPath,
    process: child,
    log: () => stderr,
    async stop() {
      // Waiting for the exit must keep this process alive until it comes.
      child.ref();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      child.ref();
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function waitForStatus(file: string): string {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + START_LIMIT_MS;
  while (Date.now() < deadline) {
    if (existsSync(file)) return readFileSync(file, 'utf8');
    Atomics.wait(sleeper, 0, 0, 10);
  }
  return `no answer in ${START_LIMIT_MS} ms`;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { addApp } from '../src/daemon/admin.js';

/** A keystore daemon in a child process with one registered app, for the daemon rows. */

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'daemon-child.js');
const START_LIMIT_MS = 20_000;

export interface BenchDaemon {
  readonly socket: string;
  /** The token of the bench's app, as `huks app add` would print it. */
  readonly appToken: string;
  stop(): Promise<void>;
}

/**
 * Registers an app in `home` (before the daemon starts, as `huks app add` does) and starts the
 * daemon on it.
 * @throws Error with the daemon's stderr when it does not get ready in time.
 */
export async function startBenchDaemon(home: string): Promise<BenchDaemon> {
  const { token } = addApp(home, { bundle: 'com.example.bench' });
  // The daemon's log (a line per request) goes to a file, as a deployed daemon's would: read
  // through a pipe, it would keep the bench process busy beside the measurement.
  const logPath = join(home, 'daemon.log');
  const log = openSync(logPath, 'a');
  const child = spawn(process.execPath, [CHILD, home], { stdio: ['pipe', 'pipe', log] });
  closeSync(log);
  try {
    await readyOf(child);
  } catch (error) {
    child.kill('SIGKILL');
    const stderr = readFileSync(logPath, 'utf8').slice(-2000);
    throw new Error(`the bench daemon did not start: ${(error as Error).message} ${stderr}`);
  }
  return {
    socket: join(home, 'huks.sock'),
    appToken: token,
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function readyOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer in time')), START_LIMIT_MS);
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      if (text.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${String(code)}`));
    });
  });
}

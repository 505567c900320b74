import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
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
 * @throws Error with what the daemon printed when it does not get ready in time.
 */
export async function startBenchDaemon(home: string): Promise<BenchDaemon> {
  const { token } = addApp(home, { bundle: 'com.example.bench' });
  // The daemon logs a line per operation at info, as `huks serve` does, so formatting the log
  // is part of what is measured; the lines go to /dev/null, so the disk writes are not (on the
  // bench VM, sustained log writeback slowed every process, the raw baselines included). A
  // start failure is reported on stdout (daemon-child.ts).
  const devNull = openSync('/dev/null', 'w');
  const child = spawn(process.execPath, [CHILD, home], { stdio: ['pipe', 'pipe', devNull] });
  closeSync(devNull);
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  try {
    await readyOf(child, () => stdout);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`the bench daemon did not start: ${(error as Error).message} ${stdout}`);
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

function readyOf(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer in time')), START_LIMIT_MS);
    child.stdout!.on('data', () => {
      if (output().includes('ready')) {
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

import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ClientOptions } from './parallel-client.js';

/** Runs clients as separate processes and sums their rates. */

const CLIENT = join(dirname(fileURLToPath(import.meta.url)), 'parallel-client.js');

/**
 * Starts `count` client processes, waits until all are warm, then lets them run together.
 * @returns the sum of their rates (ops/s).
 * @throws Error when a client fails (its stderr is in the message).
 */
export async function parallelRate(count: number, options: ClientOptions): Promise<number> {
  const clients = Array.from({ length: count }, () =>
    spawn(process.execPath, [CLIENT, JSON.stringify(options)], { stdio: 'pipe' }),
  );
  const outputs = clients.map((child) => collect(child));
  try {
    await Promise.all(outputs.map((output) => output.line(0)));
    // All warm: start them at once, so that they really overlap.
    for (const child of clients) child.stdin.write('go\n');
    const rates = await Promise.all(outputs.map((output) => output.line(1)));
    return rates.reduce((sum, line) => sum + Number(line), 0);
  } finally {
    for (const child of clients) if (child.exitCode === null) child.kill('SIGTERM');
  }
}

/** The child's stdout lines as they come; line(i) fails if the child exits before it. */
function collect(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async line(index: number): Promise<string> {
      for (;;) {
        const lines = stdout.split('\n');
        if (lines.length > index + 1) return lines[index]!;
        const more = new Promise<'data' | 'exit'>((resolve) => {
          child.stdout!.once('data', () => resolve('data'));
          void exited.then(() => resolve('exit'));
        });
        if ((await more) === 'exit' && stdout.split('\n').length <= index + 1) {
          throw new Error(`a parallel client failed: ${stderr.trim() || 'no output'}`);
        }
      }
    },
  };
}

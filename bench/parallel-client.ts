// One of the parallel clients: `node parallel-client.js <options-json>`. A separate process per
// client, so that the clients' own work (framing, the api layer) runs on its own event loop as
// it would in separate apps. It warms up (a fixed number of calls), prints "ready", waits for
// "go" on stdin, runs 64-byte AES-GCM for the given seconds and prints its rate (ops/s).
import { createInterface } from 'node:readline';

import { openHuks } from '../src/cli/huks-api.js';
import { huksGcm, MESSAGE } from './cases.js';
import { opsPerSecond, type Operation } from './measure.js';
import { openSoftHsm } from './softhsm.js';

/** Enough calls for V8 to optimise the whole call path of an operation. */
const WARMUP_OPS = 5000;

export interface ClientOptions {
  readonly mode: 'daemon' | 'softhsm';
  readonly seconds: number;
  readonly socket?: string;
  readonly appToken?: string;
}

async function main(options: ClientOptions): Promise<void> {
  let op: Operation;
  let close: () => unknown;
  if (options.mode === 'daemon') {
    const huks = openHuks({ socket: options.socket, appToken: options.appToken });
    op = () => huksGcm(huks, 'gcm', [MESSAGE]);
    close = () => huks.close();
  } else {
    // SOFTHSM2_CONF comes from the parent's environment; the keys exist already.
    const hsm = openSoftHsm(false);
    op = hsm.gcm;
    close = () => hsm.close();
  }
  // Warm by count, not by time: eight processes starting together on a small machine get a
  // slice of a CPU each, and a time-boxed warm-up left the JavaScript side unoptimised (run in
  // V8's baseline tier) while it was measured. Both modes warm the same way.
  for (let i = 0; i < WARMUP_OPS; i++) await op();
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line === 'go') break;
  }
  const rate = await opsPerSecond(op, options.seconds);
  process.stdout.write(`${rate}\n`);
  await close();
  process.exit(0);
}

const json = process.argv[2];
if (json !== undefined) await main(JSON.parse(json) as ClientOptions);

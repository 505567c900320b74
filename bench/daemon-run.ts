import { join } from 'node:path';

import { openHuks, type HuksApi } from '../src/cli/huks-api.js';
import { DAEMON_CASES } from './daemon-cases.js';
import { startBenchDaemon } from './daemon-process.js';
import type { DaemonRow } from './daemon-table.js';
import { compareAll, median, type Operation } from './measure.js';
import { parallelRate } from './parallel.js';
import { openSoftHsm, prepareSoftHsm, type SoftHsm } from './softhsm.js';

/**
 * The daemon section of `npm run bench`: a daemon in a child process on a temporary home, the
 * bench's app registered in it, each case measured through the remote client beside the
 * in-process keystore, raw node:crypto and SoftHSMv2, in alternating rounds of one run; then
 * PARALLEL client processes at once, through the daemon and against SoftHSM.
 */

export interface Timing {
  readonly rounds: number;
  readonly seconds: number;
  readonly warmup: number;
}

/** Clients of the parallel row, each its own process with its own connection. */
const PARALLEL = 8;
const PARALLEL_TITLE = `${PARALLEL} client processes in parallel, AES-GCM 64 B (sum)`;

export async function runDaemonSection(
  dir: string,
  local: HuksApi,
  timing: Timing,
  log: (message: string) => void,
): Promise<DaemonRow[]> {
  const prepared = prepareSoftHsm(dir, log);
  let softhsm: SoftHsm | undefined;
  let skip: string | undefined;
  if (typeof prepared === 'string') {
    // Set here so that the addon in this process and the parallel clients read the same token.
    process.env['SOFTHSM2_CONF'] = prepared;
    softhsm = openSoftHsm(true);
  } else {
    skip = prepared.skip;
    log(`SoftHSM rows skipped: ${skip}`);
  }

  log('starting the bench daemon...');
  const daemon = await startBenchDaemon(join(dir, 'daemon-home'));
  const remote = openHuks({ socket: daemon.socket, appToken: daemon.appToken });
  const rows: DaemonRow[] = [];
  try {
    for (const bench of DAEMON_CASES) {
      log(`measuring through the daemon: ${bench.title}`);
      try {
        const ops = await bench.prepare({ daemon: remote, local, softhsm });
        const list: Operation[] = [ops.daemon, ops.inProcess, ops.raw];
        if (ops.softhsm !== undefined) list.push(ops.softhsm);
        const [d, inProcess, raw, hsm] = await compareAll(list, timing);
        rows.push(rowOf(bench.title, bench.target, d!, inProcess!, raw!, hsm ?? null, skip));
      } catch (error) {
        // A failed row is reported as such; the other rows are still measured.
        log(`  failed: ${(error as Error).message}`);
        rows.push(failedRow(bench.title, bench.target, error));
      }
    }
    log(`measuring ${PARALLEL} parallel client processes (64-byte AES-GCM)...`);
    try {
      rows.push(await parallelRow(daemon.socket, daemon.appToken, timing, softhsm !== undefined));
    } catch (error) {
      log(`  failed: ${(error as Error).message}`);
      rows.push(failedRow(PARALLEL_TITLE, { against: 'softhsm', ratio: 1 }, error));
    }
  } finally {
    await remote.close();
    await daemon.stop();
    softhsm?.close();
  }
  return rows;
}

function rowOf(
  operation: string,
  target: { against: 'softhsm' | 'raw'; ratio: number },
  daemon: number,
  inProcess: number,
  raw: number,
  softhsm: number | null,
  skip: string | undefined,
): DaemonRow {
  const base = target.against === 'raw' ? raw : softhsm;
  const pass = base === null ? null : daemon / base >= target.ratio;
  const note = base === null ? `SoftHSM skipped: ${skip ?? 'not measured'}` : undefined;
  return {
    operation,
    daemon,
    inProcess,
    raw,
    softhsm,
    against: target.against,
    target: target.ratio,
    pass,
    ...(note !== undefined && { note }),
  };
}

function failedRow(
  operation: string,
  target: { against: 'softhsm' | 'raw'; ratio: number },
  error: unknown,
): DaemonRow {
  const message = summary((error as Error).message);
  const missing = { daemon: null, inProcess: null, raw: null, softhsm: null };
  const against = target.against;
  return { operation, ...missing, against, target: target.ratio, pass: false, note: message };
}

/**
 * One line for the table: a client's stderr starts with the source line Node prints above an
 * uncaught error (`node_modules/pkcs11js/index.js:58`), so the error's own line is preferred.
 */
function summary(message: string): string {
  const lines = message.split('\n').map((line) => line.trim());
  const errorLine = lines.find((line) => /^\w*(Error|Exception)\b.*:/.test(line));
  const first = lines[0] ?? 'failed';
  return errorLine === undefined ? first : `${first.split(':')[0]}: ${errorLine}`;
}

/** Daemon and SoftHSM in alternating rounds; each round starts fresh client processes. */
async function parallelRow(
  socket: string,
  appToken: string,
  timing: Timing,
  withSoftHsm: boolean,
): Promise<DaemonRow> {
  const daemonRates: number[] = [];
  const hsmRates: number[] = [];
  // Process start-up is slow, so at most 3 rounds; the rates are summed over the clients.
  const rounds = Math.min(timing.rounds, 3);
  for (let round = 0; round < rounds; round++) {
    const seconds = timing.seconds * 2;
    daemonRates.push(await parallelRate(PARALLEL, { mode: 'daemon', socket, appToken, seconds }));
    if (withSoftHsm) hsmRates.push(await parallelRate(PARALLEL, { mode: 'softhsm', seconds }));
  }
  const daemon = median(daemonRates);
  const softhsm = withSoftHsm ? median(hsmRates) : null;
  return {
    operation: PARALLEL_TITLE,
    daemon,
    inProcess: null,
    raw: null,
    softhsm,
    against: 'softhsm',
    target: 1,
    pass: softhsm === null ? null : daemon / softhsm >= 1,
    ...(softhsm === null && { note: 'SoftHSM skipped' }),
  };
}

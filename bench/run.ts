/**
 * `npm run bench`: openhuks (through createHuks, in process) against raw node:crypto measured
 * in the same process and run, printed as a table of ratios and written as JSON; then the
 * daemon section (daemon-run.ts): the same operations through a daemon beside in-process, raw
 * and SoftHSMv2. Options: --out <file> (default dist/bench/results.json), --quick (1,000 keys,
 * shorter rounds), --daemon-only (the daemon section alone), --no-daemon.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { Command } from 'commander';

import { openHuks, type HuksApi } from '../src/cli/huks-api.js';
import { CASES, TARGETS, type BenchEnv } from './cases.js';
import { runDaemonSection } from './daemon-run.js';
import { formatDaemonTable, type DaemonRow } from './daemon-table.js';
import { compare } from './measure.js';
import { formatTable, type Row } from './table.js';

interface Options {
  out: string;
  quick?: boolean;
  daemonOnly?: boolean;
  /** commander's reading of --no-daemon. */
  daemon: boolean;
}

async function main(options: Options): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'openhuks-bench-'));
  const opened: HuksApi[] = [];
  const open = (name: string): HuksApi => {
    const huks = openHuks({ home: join(dir, name) });
    opened.push(huks);
    return huks;
  };
  const env: BenchEnv = {
    huks: open('main'),
    open,
    dir,
    manyKeys: options.quick ? 1000 : 10_000,
    log: (message) => console.error(message),
  };
  const timing = options.quick
    ? { rounds: 3, seconds: 0.3, warmup: 0.2 }
    : { rounds: 5, seconds: 1, warmup: 0.5 };
  const keys = env.manyKeys.toLocaleString('en-US');
  console.error(`openhuks bench: node ${process.version}, ${timing.rounds} rounds, dir ${dir}`);
  // The daemon rows cross processes, so a busy machine (load above the core count) slows them
  // far more than the in-process rows; the load is printed and saved to read them by.
  const machine = () => `${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(1)}`;
  const loadBefore = machine();
  console.error(`machine: ${loadBefore}`);

  const rows: Row[] = [];
  let daemonRows: DaemonRow[] = [];
  try {
    for (const bench of options.daemonOnly ? [] : CASES) {
      const operation = bench.title.replace(/\bN\b/g, keys);
      const baseline = bench.baseline.replace(/\bN\b/g, keys);
      const target = TARGETS[bench.kind];
      console.error(`measuring: ${operation}`);
      try {
        const prepared = await bench.prepare(env);
        const { a, b } = await compare(prepared.huks, prepared.raw, timing);
        const ratio = a / b;
        const pass = ratio >= target;
        rows.push({ operation, baseline, openhuks: a, raw: b, ratio, target, pass });
      } catch (error) {
        // A failing operation is a failed row, not a failed run: the others are still measured.
        const message = errorText(error);
        console.error(`  failed: ${message}`);
        const missing = { openhuks: null, raw: null, ratio: null };
        rows.push({ operation, baseline, ...missing, target, pass: false, error: message });
      }
    }
    if (options.daemon) daemonRows = await runDaemonSection(dir, env.huks, timing, env.log);
  } finally {
    for (const huks of opened) await huks.close();
    await rm(dir, { recursive: true, force: true });
  }

  if (rows.length > 0) {
    console.log(formatTable(rows));
    console.log('\nbaselines (raw column):');
    for (const row of rows) console.log(`  ${row.operation}: ${row.baseline}`);
  }
  if (daemonRows.length > 0) {
    console.log(`\nthrough the daemon (d = daemon):\n${formatDaemonTable(daemonRows)}`);
    console.log(DAEMON_NOTE);
  }
  const date = new Date().toISOString();
  const load = { before: loadBefore, after: machine() };
  console.log(`\nmachine before: ${load.before}; after: ${load.after}`);
  const node = process.version;
  const report = { date, node, load, keys: env.manyKeys, timing, rows, daemonRows };
  await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
  const all = [...rows.map((r) => r.pass), ...daemonRows.map((r) => r.pass)];
  const met = all.filter((pass) => pass === true).length;
  console.log(`\n${met} of ${all.length} targets met; JSON in ${options.out}`);
  return 0;
}

const DAEMON_NOTE = `
SoftHSM column: SoftHSMv2 (Debian softhsm2) through PKCS#11 (pkcs11js), per call a lookup by
CKA_LABEL (C_FindObjectsInit/C_FindObjects/C_FindObjectsFinal), then C_EncryptInit (CKM_AES_GCM,
12-byte IV, 16-byte tag) and C_Encrypt of 64 B; C_SignInit+C_Sign with CKM_SHA256_HMAC, and with
CKM_ECDSA over a SHA-256 the caller computes (SoftHSM 2.6 has no CKM_ECDSA_SHA256).
Parallel row: separate client processes, each with its own connection (or its own SoftHSM
instance on the same token), started together; their rates are summed.
The daemon logs at info as \`huks serve\` does (a line per operation), to /dev/null.`;

function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    return `error ${String(error.code)}: ${String(error.message)}`;
  }
  return error instanceof Error ? error.message : String(error);
}

const program = new Command('bench')
  .option('--out <file>', 'where to write the JSON results', 'dist/bench/results.json')
  .option('--quick', 'fewer keys and shorter rounds, for a fast look')
  .option('--daemon-only', 'measure the daemon section only')
  .option('--no-daemon', 'skip the daemon section')
  .parse();
process.exitCode = await main(program.opts<Options>());

/**
 * `npm run bench`: openhuks (through createHuks, in process) against raw node:crypto measured
 * in the same process and run, printed as a table of ratios and written as JSON.
 * Options: --out <file> (default dist/bench/results.json), --quick (1,000 keys, shorter rounds).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Command } from 'commander';

import { openHuks, type HuksApi } from '../src/cli/huks-api.js';
import { CASES, TARGETS, type BenchEnv } from './cases.js';
import { compare } from './measure.js';
import { formatTable, type Row } from './table.js';

interface Options {
  out: string;
  quick?: boolean;
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

  const rows: Row[] = [];
  try {
    for (const bench of CASES) {
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
  } finally {
    for (const huks of opened) await huks.close();
    await rm(dir, { recursive: true, force: true });
  }

  console.log(formatTable(rows));
  console.log('\nbaselines (raw column):');
  for (const row of rows) console.log(`  ${row.operation}: ${row.baseline}`);
  const date = new Date().toISOString();
  const report = { date, node: process.version, keys: env.manyKeys, timing, rows };
  await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
  const met = rows.filter((r) => r.pass).length;
  console.log(`\n${met} of ${rows.length} targets met; JSON in ${options.out}`);
  return 0;
}

function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    return `error ${String(error.code)}: ${String(error.message)}`;
  }
  return error instanceof Error ? error.message : String(error);
}

const program = new Command('bench')
  .option('--out <file>', 'where to write the JSON results', 'dist/bench/results.json')
  .option('--quick', 'fewer keys and shorter rounds, for a fast look')
  .parse();
process.exitCode = await main(program.opts<Options>());

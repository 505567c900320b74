/**
 * The end-to-end demo (`npm run demo`): runs the real `huks` CLI, one child process per
 * command, against real files in a temporary work directory with its own HUKS_HOME, checks
 * every result (against OpenSSL where the issue asks for it) and exits non-zero if any step
 * fails. Set DEMO_SIZE_MIB to change the size of the large file (default 200), DEMO_KEEP=1 to
 * keep the work directory.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIG_MIB = Number(process.env.DEMO_SIZE_MIB ?? '200');

interface Run {
  readonly stdout: string;
  readonly stderr: string;
}

class StepFailure extends Error {}

let work = '';
let home = '';

/** Runs a program in the work directory, printing the command line and its output. */
function sh(program: string, args: string[], echo = true): Promise<Run> {
  const shown = program === process.execPath ? 'huks' : program;
  if (echo) console.log(`  $ ${[shown, ...args].join(' ')}`);
  const argv = program === process.execPath ? [CLI, '--no-progress', ...args] : args;
  return new Promise((resolve, reject) => {
    const env = { ...process.env, HUKS_HOME: home };
    execFile(program, argv, { cwd: work, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (echo) printIndented(stdout);
      if (error) {
        const why = stderr.trim() || error.message;
        reject(new StepFailure(`${shown} ${args[0] ?? ''} failed: ${why}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

function printIndented(text: string): void {
  for (const line of text.trimEnd().split('\n')) if (line) console.log(`    ${line}`);
}

const huks = (...args: string[]): Promise<Run> => sh(process.execPath, args);
const openssl = (...args: string[]): Promise<Run> => sh('openssl', args);

function check(condition: boolean, message: string): void {
  if (!condition) throw new StepFailure(message);
  console.log(`  ✓ ${message}`);
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(join(work, path))) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const size = async (path: string): Promise<number> => (await stat(join(work, path))).size;
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

/** Writes `mebibytes` of random data in 1 MiB pieces (bounded memory). */
async function writeRandomFile(path: string, mebibytes: number): Promise<void> {
  const out = createWriteStream(join(work, path));
  for (let i = 0; i < mebibytes; i++) {
    if (!out.write(randomBytes(1048576))) await new Promise<void>((r) => out.once('drain', r));
  }
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(resolve);
  });
}

/** Timed huks run of a streaming command; returns MB/s as the CLI measured it. */
async function streamed(...args: string[]): Promise<number> {
  const { stdout } = await sh(process.execPath, ['--json', ...args], false);
  const result = JSON.parse(stdout) as { bytesIn: number; seconds: number; mbPerSecond: number };
  console.log(`  $ huks ${args.join(' ')}`);
  const seconds = result.seconds.toFixed(2);
  console.log(`    ${mib(result.bytesIn)} in ${seconds} s = ${result.mbPerSecond} MB/s`);
  return result.mbPerSecond;
}

const state = { readme: '', derived: '' };

const steps: Array<[string, () => Promise<void>]> = [
  ['Generate an AES-256-GCM key and a P-256 signing key', async () => {
    await huks('generate', 'demo-aes', '--alg', 'aes', '--size', '256', '--mode', 'gcm');
    await huks('generate', 'demo-p256', '--alg', 'ecc', '--size', 'p-256', '--digest', 'sha256');
    const { stdout } = await huks('list');
    check(stdout.includes('demo-aes') && stdout.includes('demo-p256'), 'both keys are listed');
  }],

  ['Encrypt and decrypt the repository README', async () => {
    const readme = join(REPO, 'README.md');
    state.readme = existsSync(readme) ? 'README.md' : 'package.json';
    if (state.readme !== 'README.md') console.log('  (no README.md yet: using package.json)');
    await copyFile(join(REPO, state.readme), join(work, state.readme));
    await huks('encrypt', 'demo-aes', state.readme, '-o', `${state.readme}.hkse`);
    await huks('decrypt', 'demo-aes', `${state.readme}.hkse`, '-o', `${state.readme}.out`);
    const [a, b] = [await sha256(state.readme), await sha256(`${state.readme}.out`)];
    console.log(`    sha256 ${a.slice(0, 16)}… (${await size(state.readme)} bytes)`);
    check(a === b, 'decrypted file is identical to the original');
  }],

  [`Encrypt and decrypt a ${BIG_MIB} MiB file, streamed in 64 KiB updates`, async () => {
    await writeRandomFile('big.bin', BIG_MIB);
    await streamed('encrypt', 'demo-aes', 'big.bin', '-o', 'big.bin.hkse');
    await streamed('decrypt', 'demo-aes', 'big.bin.hkse', '-o', 'big.bin.out');
    const [a, b] = [await sha256('big.bin'), await sha256('big.bin.out')];
    console.log(`    sha256 original  ${a}`);
    console.log(`    sha256 decrypted ${b}`);
    console.log(`    encrypted size ${await size('big.bin.hkse')} = ${await size('big.bin')} + 38`);
    check(a === b, `the ${BIG_MIB} MiB file survives the round trip`);
  }],

  ['Sign the large file, export the public key as PEM, verify with openssl', async () => {
    await huks('sign', 'demo-p256', 'big.bin', '-o', 'big.sig');
    await huks('export', 'demo-p256', '--pem', '-o', 'p256.pem');
    const { stdout } = await openssl(
      'dgst', '-sha256', '-verify', 'p256.pem', '-signature', 'big.sig', 'big.bin',
    );
    check(stdout.trim() === 'Verified OK', 'openssl verifies the keystore signature');
  }],

  ['Import an RSA-2048 key from openssl genpkey; openssl encrypts, HUKS decrypts', async () => {
    await openssl(
      'genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa.pem',
    );
    await openssl('pkey', '-in', 'rsa.pem', '-pubout', '-out', 'rsa-pub.pem');
    await huks(
      'import', 'demo-rsa', 'rsa.pem', '--purpose', 'decrypt', '--padding', 'oaep',
      '--digest', 'sha256',
    );
    const secret = `openhuks demo secret ${randomBytes(8).toString('hex')}\n`;
    await writeFile(join(work, 'secret.txt'), secret);
    await openssl(
      'pkeyutl', '-encrypt', '-pubin', '-inkey', 'rsa-pub.pem', '-in', 'secret.txt',
      '-out', 'secret.enc', '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256',
      '-pkeyopt', 'rsa_mgf1_md:sha256',
    );
    await huks('decrypt', 'demo-rsa', 'secret.enc', '-o', 'secret.dec');
    const recovered = await readFile(join(work, 'secret.dec'), 'utf8');
    check(recovered === secret, 'the keystore recovers what openssl encrypted (RSA-OAEP-SHA256)');
  }],

  ['Derive an HKDF-SHA256 key and compare it with openssl kdf', async () => {
    const key = randomBytes(32).toString('hex');
    const salt = randomBytes(16).toString('hex');
    const info = Buffer.from('openhuks demo').toString('hex');
    await writeFile(join(work, 'hkdf-base.hex'), `${key}\n`);
    console.log(`    input key ${key}`);
    await huks(
      'import', 'demo-hkdf', 'hkdf-base.hex', '--alg', 'aes', '--size', '256',
      '--purpose', 'derive', '--digest', 'sha256',
    );
    const { stdout } = await huks(
      '--json', 'derive', 'demo-hkdf', '--alg', 'hkdf', '--length', '32',
      '--salt', salt, '--info', info,
    );
    state.derived = (JSON.parse(stdout) as { secret: string }).secret;
    const ours = await openssl(
      'kdf', '-keylen', '32', '-kdfopt', 'digest:SHA256', '-kdfopt', `hexkey:${key}`,
      '-kdfopt', `hexsalt:${salt}`, '-kdfopt', `hexinfo:${info}`, 'HKDF',
    );
    const theirs = ours.stdout.replace(/[:\s]/g, '').toLowerCase();
    const shown = `${state.derived.slice(0, 16)}…`;
    check(theirs === state.derived, `keystore HKDF = openssl kdf = ${shown}`);
    await writeFile(join(work, 'hkdf-args.json'), JSON.stringify({ salt, info }));
  }],

  ['In new processes: the keys are still there and still work', async () => {
    console.log('  (every command above ran in its own process; these run after all have exited)');
    const { stdout } = await huks('--json', 'list');
    const { aliases } = JSON.parse(stdout) as { aliases: string[] };
    const expected = ['demo-aes', 'demo-hkdf', 'demo-p256', 'demo-rsa'];
    check(expected.every((a) => aliases.includes(a)), `stored keys: ${aliases.join(', ')}`);
    await huks('decrypt', 'demo-aes', `${state.readme}.hkse`, '-o', `${state.readme}.again`);
    const same = (await sha256(`${state.readme}.again`)) === (await sha256(state.readme));
    check(same, 'the AES key still decrypts');
    await huks('sign', 'demo-p256', state.readme, '-o', `${state.readme}.sig`);
    const verified = await huks('verify', 'demo-p256', state.readme, `${state.readme}.sig`);
    check(verified.stdout.includes('signature OK'), 'the P-256 key still signs and verifies');
    const args = JSON.parse(await readFile(join(work, 'hkdf-args.json'), 'utf8'));
    const { salt, info } = args as Record<string, string>;
    const again = await huks(
      '--json', 'derive', 'demo-hkdf', '--length', '32', '--salt', salt!, '--info', info!,
    );
    const secret = (JSON.parse(again.stdout) as { secret: string }).secret;
    check(secret === state.derived, 'the HKDF base key derives the same key again');
  }],
];

async function main(): Promise<number> {
  if (!existsSync(CLI)) {
    console.error(`demo: ${CLI} is missing; run npm run build first`);
    return 1;
  }
  work = await mkdtemp(join(tmpdir(), 'openhuks-demo-'));
  home = join(work, 'home');
  console.log(`openhuks demo: work directory ${work}, HUKS_HOME=${home}\n`);

  const failures: string[] = [];
  for (const [index, [title, body]] of steps.entries()) {
    console.log(`[${index + 1}/${steps.length}] ${title}`);
    const started = performance.now();
    try {
      await body();
      console.log(`  ok (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.log(`  FAILED: ${message}\n`);
      failures.push(`${index + 1}. ${title}`);
    }
  }

  if (process.env.DEMO_KEEP === '1') console.log(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
  if (failures.length === 0) {
    console.log(`demo passed: ${steps.length} of ${steps.length} steps`);
    return 0;
  }
  console.log(`demo FAILED: ${failures.length} of ${steps.length} steps`);
  for (const failure of failures) console.log(`  ${failure}`);
  return 1;
}

process.exitCode = await main();

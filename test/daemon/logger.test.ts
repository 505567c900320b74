// The daemon's stderr log (daemon/logger.ts): request lines are buffered, but none is lost
// when the process exits, warnings go out at once, and flush() writes what waits.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';

import { aliasHasher } from '../../src/daemon/logger.js';

const LOGGER_JS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'daemon',
  'logger.js');

/** Runs `body` in a child with `logger` in scope; resolves its stderr lines as objects. */
async function logOf(body: string): Promise<Record<string, unknown>[]> {
  const script = `import { createStderrLogger } from ${JSON.stringify(LOGGER_JS)};
    const logger = createStderrLogger('info');
    ${body}`;
  const { stderr } = await promisify(execFile)(process.execPath,
    ['--input-type=module', '-e', script]);
  return stderr.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

describe('the daemon log', () => {
  it('writes every buffered line by the time the process exits', async () => {
    const lines = await logOf(`
      for (let i = 0; i < 100; i++) logger.info({ event: 'request', n: i });
      process.exit(0);`);
    assert.deepEqual(lines.map((l) => l['n']), Array.from({ length: 100 }, (_, i) => i));
    assert.ok(lines.every((l) => l['event'] === 'request' && typeof l['pid'] === 'number'));
  });

  it('writes a warning at once, with the lines before it, and info lines on flush()', async () => {
    const lines = await logOf(`
      const { writeSync } = await import('node:fs');
      logger.info({ event: 'request', n: 1 });
      logger.warn({ event: 'refused' });
      writeSync(2, JSON.stringify({ marker: 'after warn' }) + '\\n');
      logger.info({ event: 'request', n: 2 });
      logger.flush();
      writeSync(2, JSON.stringify({ marker: 'after flush' }) + '\\n');
      logger.info({ event: 'request', n: 3 });`);
    const order = lines.map((l) => (l['marker'] ?? l['n'] ?? l['event']) as string | number);
    assert.deepEqual(order, [1, 'refused', 'after warn', 2, 'after flush', 3]);
  });

  it('tells the daemon whether info lines are written', async () => {
    const lines = await logOf(`
      logger.warn({ info: logger.infoEnabled() });
      const { createStderrLogger: make } = await import(${JSON.stringify(LOGGER_JS)});
      logger.warn({ info: make('warn').infoEnabled() });`);
    assert.deepEqual(lines.map((l) => l['info']), [true, false]);
  });

  it('stamps each line with an ISO time and the pid', async () => {
    const before = Date.now();
    const [line] = await logOf(`logger.info({ event: 'request' }); logger.flush();`);
    const time = Date.parse(String(line!['time']));
    assert.match(String(line!['time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(time >= before - 1 && time <= Date.now() + 1);
    assert.equal(typeof line!['pid'], 'number');
  });
});

describe('alias hashes in the log', () => {
  it('are stable within a run, differ between aliases, and survive the memo filling up', () => {
    const hash = aliasHasher();
    const bytes = (text: string) => new Uint8Array(Buffer.from(text));
    const first = hash(bytes('alias-a'));
    assert.match(first, /^[0-9a-f]{16}$/);
    assert.notEqual(hash(bytes('alias-b')), first);
    for (let i = 0; i < 5000; i++) hash(bytes(`other-${i}`));
    assert.equal(hash(bytes('alias-a')), first);
    assert.notEqual(aliasHasher()(bytes('alias-a')), first, 'a new run has a new key');
  });
});

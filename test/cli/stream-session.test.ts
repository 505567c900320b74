import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { HuksApi, HuksOptions } from '../../src/cli/huks-api.js';
import { CHUNK_SIZE, streamSession, withOutputFile, type Sink } from '../../src/cli/stream.js';
import { tempDir } from './helpers.js';

/** A fake session that echoes its input and records every call. */
function recordingHuks(failAtUpdate?: number) {
  const calls: Array<{ op: string; length: number }> = [];
  const fake = {
    async updateSession(_handle: number, options: HuksOptions) {
      calls.push({ op: 'update', length: options.inData?.length ?? 0 });
      if (calls.length === failAtUpdate) throw Object.assign(new Error('boom'), { code: 12000006 });
      return { outData: options.inData };
    },
    async finishSession(_handle: number, options: HuksOptions) {
      calls.push({ op: 'finish', length: options.inData?.length ?? 0 });
      return { outData: Uint8Array.of(1, 2, 3) };
    },
    async abortSession() {
      calls.push({ op: 'abort', length: 0 });
      return null;
    },
  };
  return { huks: fake as unknown as HuksApi, calls };
}

const silent = { advance: () => undefined, stop: () => undefined };

describe('cli streamSession', () => {
  let dir: { path: string; remove(): Promise<void> };
  const data = randomBytes(5 * CHUNK_SIZE + 777);
  let input: string;

  before(async () => {
    dir = await tempDir('huks-stream-unit-');
    input = join(dir.path, 'in.bin');
    await writeFile(input, data);
  });
  after(() => dir.remove());

  it('feeds a range in chunks of at most 64 KiB, never empty, then finishes', async () => {
    const { huks, calls } = recordingHuks();
    const received: Buffer[] = [];
    const sink: Sink = { write: async (b) => void received.push(Buffer.from(b)) };
    const range = { path: input, start: 10, end: data.length - 5 };
    const result = await streamSession(huks, 1, range, sink, { progress: silent });

    const updates = calls.filter((c) => c.op === 'update');
    assert.ok(updates.every((c) => c.length > 0 && c.length <= CHUNK_SIZE));
    assert.equal(updates.length, Math.ceil((range.end - range.start) / CHUNK_SIZE));
    assert.deepEqual(calls.at(-1), { op: 'finish', length: 0 });
    assert.equal(result.bytesIn, range.end - range.start);
    assert.deepEqual(Buffer.concat(received), data.subarray(range.start, range.end));
    assert.deepEqual([...result.finish], [1, 2, 3]);
  });

  it('finishes an empty range without any update and passes the final data', async () => {
    const { huks, calls } = recordingHuks();
    const sink: Sink = { write: async () => undefined };
    const signature = new Uint8Array(70);
    const range = { path: input, start: 0, end: 0 };
    await streamSession(huks, 1, range, sink, { progress: silent, finalData: signature });
    assert.deepEqual(calls, [{ op: 'finish', length: 70 }]);
  });

  it('aborts the session when an update fails, and the output file is discarded', async () => {
    const { huks, calls } = recordingHuks(3);
    const out = join(dir.path, 'out.bin');
    await assert.rejects(
      withOutputFile(out, (file) =>
        streamSession(huks, 1, { path: input, start: 0, end: data.length }, file, {
          progress: silent,
        }),
      ),
      /boom/,
    );
    assert.deepEqual(calls.map((c) => c.op), ['update', 'update', 'update', 'abort']);
    await assert.rejects(access(out));
  });

  it('commits the output file only after success', async () => {
    const { huks } = recordingHuks();
    const out = join(dir.path, 'ok.bin');
    await withOutputFile(out, async (file) => {
      await streamSession(huks, 1, { path: input, start: 0, end: 100 }, file, { progress: silent });
      await assert.rejects(access(out));
    });
    assert.deepEqual(await readFile(out), data.subarray(0, 100));
  });
});

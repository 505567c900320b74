// Frames as chunks (protocol/codec.ts): large byte fields are referenced, not copied, and the
// chunks read back exactly as the single-buffer frame; the daemon reads large fields as views.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';

import { ByteReader, ByteWriter } from '../../src/protocol/codec.js';
import { FrameDecoder, writeFrame } from '../../src/protocol/frame.js';
import { decodeRequest, encodeRequest, requestFrame } from '../../src/protocol/messages.js';
import { Op } from '../../src/protocol/operations.js';

const filled = (length: number, byte: number) => new Uint8Array(length).fill(byte);

describe('frames as chunks', () => {
  it('keeps large fields as their own chunks and reads back like the joined frame', () => {
    const big = filled(64 * 1024, 7);
    const other = filled(5000, 9);
    const w = new ByteWriter().u8(1).u32(2).bytes(big).f64(0.5).bytes(Uint8Array.of(3))
      .bytes(other).string('end');
    const { chunks, length } = w.chunks();
    assert.ok(chunks.includes(big) && chunks.includes(other), 'large fields are not copied');
    const joined = Buffer.concat(chunks);
    assert.equal(joined.length, length);
    assert.deepEqual(joined, w.frame());
    assert.equal(joined.readUInt32LE(0), length - 4);

    const r = new ByteReader(joined.subarray(4));
    assert.deepEqual([r.u8(), r.u32()], [1, 2]);
    assert.deepEqual(r.bytes(), big);
    assert.equal(r.f64(), 0.5);
    assert.deepEqual(r.bytes(), Uint8Array.of(3));
    assert.deepEqual(r.bytes(), other);
    assert.equal(r.string(), 'end');
    r.end();
  });

  it('grows its buffer for small fields, before and after a large one', () => {
    for (const large of [undefined, filled(5000, 1)]) {
      const w = new ByteWriter();
      if (large !== undefined) w.bytes(large);
      for (let i = 0; i < 3000; i++) w.u32(i).bytes(filled(i % 7, i & 0xff));
      assert.equal(w.chunks().chunks.length, large === undefined ? 1 : 3);
      const r = new ByteReader(w.frame().subarray(4));
      if (large !== undefined) assert.deepEqual(r.bytes(), large);
      for (let i = 0; i < 3000; i++) {
        assert.equal(r.u32(), i);
        assert.deepEqual(r.bytes(), filled(i % 7, i & 0xff));
      }
      r.end();
    }
  });

  it('writes the chunks as one frame that a decoder reads back', async () => {
    const data = filled(70_000, 5);
    const params = filled(40, 1);
    const frame = requestFrame(9, Op.UPDATE_SESSION, [12, params, data]);
    assert.deepEqual(Buffer.concat(frame.chunks), encodeRequest(9, Op.UPDATE_SESSION,
      [12, params, data]));
    const stream = new PassThrough();
    const received: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => received.push(chunk));
    writeFrame(stream, frame);
    stream.end();
    await new Promise((resolve) => stream.on('end', resolve));
    const [body] = new FrameDecoder().push(Buffer.concat(received));
    const request = decodeRequest(body!).parse();
    assert.deepEqual(request.fields, [12, params, data]);
  });

  it('reads a request\'s large fields as views of the frame and small ones as copies', () => {
    const data = filled(10_000, 4);
    const alias = filled(8, 2);
    const body = encodeRequest(1, Op.FINISH_SESSION, [3, alias, data]).subarray(4);
    const [, small, large] = decodeRequest(body).parse().fields as [number, Uint8Array,
      Uint8Array];
    assert.equal(large.buffer, body.buffer);
    assert.notEqual(small.buffer, body.buffer);
    // A reply reader (the client's) always copies.
    const reply = new ByteWriter().bytes(data).frame().subarray(4);
    assert.notEqual(new ByteReader(reply).bytes().buffer, reply.buffer);
  });
});

import type { Writable } from 'node:stream';

import type { Frame } from './codec.js';
import { ProtocolError, RefuseReason } from './errors.js';
import { FRAME_PREFIX, MAX_FRAME_BYTES } from './limits.js';

/**
 * Cuts a byte stream into frame bodies (u32 little-endian length, then that many bytes).
 * A length above the limit throws as soon as the prefix is read, before anything is buffered,
 * so a hostile peer cannot make the reader hold more than one maximum frame.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrame: number = MAX_FRAME_BYTES) {}

  /**
   * Adds bytes and returns every body now complete, in order.
   * @throws ProtocolError TOO_LARGE for a length above the limit, MALFORMED for length 0.
   */
  push(chunk: Uint8Array): Buffer[] {
    if (chunk.length > 0) {
      this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.buffered += chunk.length;
    }
    const bodies: Buffer[] = [];
    for (;;) {
      if (this.buffered < FRAME_PREFIX) return bodies;
      const length = this.peekLength();
      if (length === 0) throw new ProtocolError(RefuseReason.MALFORMED, 'empty frame');
      if (length > this.maxFrame) {
        throw new ProtocolError(
          RefuseReason.TOO_LARGE,
          `frame of ${length} bytes is above the limit of ${this.maxFrame}`,
        );
      }
      if (this.buffered < FRAME_PREFIX + length) return bodies;
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      bodies.push(all.subarray(FRAME_PREFIX, FRAME_PREFIX + length));
      const rest = all.subarray(FRAME_PREFIX + length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
  }

  /** Bytes of an incomplete frame still waiting (0 between frames). */
  get pending(): number {
    return this.buffered;
  }

  private peekLength(): number {
    const first = this.chunks[0]!;
    if (first.length >= FRAME_PREFIX) return first.readUInt32LE(0);
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined.readUInt32LE(0);
  }
}

/** Writes a frame's chunks as one vectored write (cork/uncork), so none of them is copied. */
export function writeFrame(stream: Writable, frame: Frame): void {
  const { chunks } = frame;
  if (chunks.length === 1) {
    stream.write(chunks[0]!);
    return;
  }
  stream.cork();
  for (const chunk of chunks) stream.write(chunk);
  stream.uncork();
}

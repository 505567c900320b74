import { createReadStream } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';

import { outBytes, type HuksApi, type HuksParam } from './huks-api.js';
import type { Progress } from './progress.js';

/**
 * Bytes per updateSession call. Well under the per-call limit of 983,040 bytes
 * (sessions.md §7.3), a multiple of every cipher block size (so DES/3DES updates stay
 * aligned, algorithms.md §2.3), and small enough that memory stays bounded for any file size.
 */
export const CHUNK_SIZE = 64 * 1024;

/** A byte range of a file: [start, end), end exclusive. */
export interface FileRange {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** Where a session's output goes, written as it is produced. */
export interface Sink {
  write(bytes: Uint8Array): Promise<void>;
}

/** What a streamed session produced besides the bytes it sent to the sink. */
export interface StreamResult {
  /** Input bytes fed through updateSession. */
  readonly bytesIn: number;
  /** The finishSession output (the sink got every update output, not this). */
  readonly finish: Uint8Array;
}

/**
 * Feeds a file range to an open session chunk by chunk, passes each update's output to the
 * sink, then finishes with `finalData` (empty, or a signature for VERIFY). On any failure the
 * session is aborted, so a failed stream never holds one of the keystore's few session slots.
 */
export async function streamSession(
  huks: HuksApi,
  handle: number,
  source: FileRange,
  sink: Sink,
  options: {
    progress: Progress;
    /** Properties repeated on update/finish (HMAC needs ALGORITHM there, algorithms.md §9.1). */
    properties?: HuksParam[];
    finishProperties?: HuksParam[];
    finalData?: Uint8Array;
  },
): Promise<StreamResult> {
  const properties = options.properties ?? [];
  let bytesIn = 0;
  // One write in flight while the next chunk is in the keystore: disk and crypto overlap,
  // and memory stays bounded (at most one output chunk waits).
  let writing: Promise<void> = Promise.resolve();
  try {
    if (source.end > source.start) {
      const chunks = createReadStream(source.path, {
        start: source.start,
        end: source.end - 1,
        highWaterMark: CHUNK_SIZE,
      });
      for await (const chunk of chunks as AsyncIterable<Buffer>) {
        const result = await huks.updateSession(handle, { properties, inData: chunk });
        const out = outBytes(result);
        if (out.length > 0) {
          await writing;
          writing = sink.write(out);
          // Marked handled here; the rejection still surfaces at the next await of `writing`.
          writing.catch(() => undefined);
        }
        bytesIn += chunk.length;
        options.progress.advance(chunk.length);
      }
    }
    await writing;
    const finishProperties = options.finishProperties ?? properties;
    const finalData = options.finalData ?? new Uint8Array(0);
    const result = await huks.finishSession(handle, {
      properties: finishProperties,
      inData: finalData,
    });
    return { bytesIn, finish: outBytes(result) };
  } catch (error) {
    await writing.catch(() => undefined);
    // abortSession of a handle the failure already ended is a no-op (api.md §4.11).
    await huks.abortSession(handle, { properties: [] }).catch(() => undefined);
    throw error;
  } finally {
    options.progress.stop();
  }
}

/** A sink that discards output (signing and MAC sessions produce nothing until finish). */
export const nullSink: Sink = { write: async () => undefined };

/**
 * An output file written under a temporary name and renamed into place only on commit, so
 * a failed decryption (bad tag found at the very end) never leaves plaintext behind.
 */
export class OutputFile implements Sink {
  private written = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly temp: string,
    private readonly target: string,
  ) {}

  static async create(target: string): Promise<OutputFile> {
    const temp = `${target}.partial-${process.pid}`;
    return new OutputFile(await open(temp, 'w', 0o600), temp, target);
  }

  get size(): number {
    return this.written;
  }

  async write(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
    this.written += bytes.length;
  }

  async commit(): Promise<void> {
    await this.handle.close();
    await rename(this.temp, this.target);
  }

  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.temp, { force: true });
  }
}

/** Runs `body` with an output file that is committed on success and removed on failure. */
export async function withOutputFile<T>(
  target: string,
  body: (file: OutputFile) => Promise<T>,
): Promise<T> {
  const file = await OutputFile.create(target);
  try {
    const result = await body(file);
    await file.commit();
    return result;
  } catch (error) {
    await file.discard();
    throw error;
  }
}

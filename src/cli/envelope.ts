import { HuksCipherMode } from '../common/enums.js';
import { UsageError } from './usage-error.js';

/**
 * The self-contained file format of `huks encrypt` for block ciphers (docs/cli.md):
 *
 *   offset 0  "HKSE"          magic
 *          4  version = 1
 *          5  algorithm       HuksKeyAlg (AES 20, SM4 152, DES 160, 3DES 161)
 *          6  mode            HuksCipherMode
 *          7  padding         HuksKeyPadding
 *          8  ivLength        bytes of IV/nonce that follow (0 for ECB)
 *          9  tagLength       bytes of AEAD tag at the end of the file (16 for GCM/CCM, else 0)
 *         10  iv / nonce
 *   10+ivLength  ciphertext ... up to fileSize - tagLength
 *   end       tag
 *
 * Why this shape: the keystore appends the GCM tag to the last finishSession output and wants
 * it back as HUKS_TAG_AE_TAG at decrypt init (algorithms.md §2.1.2, key-formats.md §7.1), while
 * the IV/nonce is needed before any ciphertext. So the nonce goes in a header written first
 * and the tag is the file's last bytes, which decrypt reads with one positional read before
 * streaming. For GCM/CCM the whole header is the AAD, so a tampered header fails the tag.
 */
export const MAGIC = Buffer.from('HKSE', 'latin1');
export const VERSION = 1;
export const FIXED_HEADER = 10;

export interface EnvelopeHeader {
  readonly alg: number;
  readonly mode: number;
  readonly padding: number;
  readonly iv: Uint8Array;
  readonly tagLength: number;
}

export function isAead(mode: number): boolean {
  return mode === HuksCipherMode.HUKS_MODE_GCM || mode === HuksCipherMode.HUKS_MODE_CCM;
}

export function encodeHeader(header: EnvelopeHeader): Buffer {
  const bytes = Buffer.alloc(FIXED_HEADER + header.iv.length);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt8(VERSION, 4);
  bytes.writeUInt8(header.alg, 5);
  bytes.writeUInt8(header.mode, 6);
  bytes.writeUInt8(header.padding, 7);
  bytes.writeUInt8(header.iv.length, 8);
  bytes.writeUInt8(header.tagLength, 9);
  bytes.set(header.iv, FIXED_HEADER);
  return bytes;
}

/** Parses a header from the first bytes of a file (at least FIXED_HEADER + 255 if available). */
export function decodeHeader(bytes: Uint8Array): { header: EnvelopeHeader; length: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < FIXED_HEADER || !buf.subarray(0, 4).equals(MAGIC)) {
    throw new UsageError('not a huks encrypted file (no HKSE header)');
  }
  const version = buf.readUInt8(4);
  if (version !== VERSION) {
    throw new UsageError(`unsupported huks file version ${version} (expected ${VERSION})`);
  }
  const ivLength = buf.readUInt8(8);
  const length = FIXED_HEADER + ivLength;
  if (buf.length < length) throw new UsageError('truncated huks encrypted file header');
  const header: EnvelopeHeader = {
    alg: buf.readUInt8(5),
    mode: buf.readUInt8(6),
    padding: buf.readUInt8(7),
    iv: Uint8Array.from(buf.subarray(FIXED_HEADER, length)),
    tagLength: buf.readUInt8(9),
  };
  return { header, length };
}

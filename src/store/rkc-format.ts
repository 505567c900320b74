import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The root key component files, storage.md §4.4 (RKC version 2): framing, the root-key and
 * main-key data parts, and the derivation that wraps the main key MK. Pure functions over
 * buffers; root-key.ts does the file handling.
 *
 * File framing: flag (8) | version u16 LE = 2 | data | SHA-256(version ‖ data) (32).
 * Root data (126): created (7) | updated (7) | material1 (32) | material2 (32) |
 *   iterations u32 = 1 | salt (32) | hash algorithm u32 = 1 (HMAC-SHA256) | reserved (8).
 * Main data (90): created (7) | updated (7) | algorithm u32 = 1 (AES-256-GCM) | IV (16) |
 *   ciphertext (48 = MK 32 + GCM tag 16) | reserved (8).
 */

const FLAG = Buffer.from([0x5f, 0x64, 0x97, 0x8d, 0x19, 0x4f, 0x89, 0xcf]);
const VERSION = 2;
const HASH_LEN = 32;
const TIME_LEN = 7;
const MATERIAL_LEN = 32;
const SALT_LEN = 32;
const IV_LEN = 16;
const MK_LEN = 32;
const TAG_LEN = 16;
const RESERVED_LEN = 8;
const RAW_KEY_LEN = 64;
const MK_AAD = Buffer.from('HKSRKCMK', 'ascii');

export const ROOT_DATA_LEN = 2 * TIME_LEN + 2 * MATERIAL_LEN + 4 + SALT_LEN + 4 + RESERVED_LEN;
export const MAIN_DATA_LEN = 2 * TIME_LEN + 4 + IV_LEN + MK_LEN + TAG_LEN + RESERVED_LEN;

/**
 * The device UDID mixed into the raw key (§4.4). openhuks has no hardware identity, and binding
 * to a host identifier (e.g. /etc/machine-id) would make a restored backup unusable on a new
 * machine without telling anyone why; the UDID is therefore 32 zero bytes.
 */
const DEVICE_UDID = Buffer.alloc(32);

export interface RootMaterial {
  readonly created: Date;
  readonly material1: Buffer;
  readonly material2: Buffer;
  readonly salt: Buffer;
}

export interface WrappedMainKey {
  readonly created: Date;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
}

export function newRootMaterial(now: Date): RootMaterial {
  return {
    created: now,
    material1: randomBytes(MATERIAL_LEN),
    material2: randomBytes(MATERIAL_LEN),
    salt: randomBytes(SALT_LEN),
  };
}

export function encodeRootFile(root: RootMaterial, now: Date): Buffer {
  const data = Buffer.alloc(ROOT_DATA_LEN);
  let at = writeTime(data, 0, root.created);
  at = writeTime(data, at, now);
  at += root.material1.copy(data, at);
  at += root.material2.copy(data, at);
  at = data.writeUInt32LE(1, at);
  at += root.salt.copy(data, at);
  data.writeUInt32LE(1, at);
  return frame(data);
}

/** undefined when the file is not a valid root-key file (flag, version, length or hash). */
export function decodeRootFile(file: Buffer): RootMaterial | undefined {
  const data = unframe(file, ROOT_DATA_LEN);
  if (data === undefined) return undefined;
  let at = 2 * TIME_LEN;
  const material1 = data.subarray(at, (at += MATERIAL_LEN));
  const material2 = data.subarray(at, (at += MATERIAL_LEN));
  if (data.readUInt32LE(at) !== 1) return undefined;
  at += 4;
  const salt = data.subarray(at, (at += SALT_LEN));
  if (data.readUInt32LE(at) !== 1) return undefined;
  return { created: readTime(data, 0), material1, material2, salt };
}

export function encodeMainFile(main: WrappedMainKey, now: Date): Buffer {
  const data = Buffer.alloc(MAIN_DATA_LEN);
  let at = writeTime(data, 0, main.created);
  at = writeTime(data, at, now);
  at = data.writeUInt32LE(1, at);
  at += main.iv.copy(data, at);
  main.ciphertext.copy(data, at);
  return frame(data);
}

export function decodeMainFile(file: Buffer): WrappedMainKey | undefined {
  const data = unframe(file, MAIN_DATA_LEN);
  if (data === undefined) return undefined;
  let at = 2 * TIME_LEN;
  if (data.readUInt32LE(at) !== 1) return undefined;
  at += 4;
  const iv = data.subarray(at, (at += IV_LEN));
  const ciphertext = data.subarray(at, (at += MK_LEN + TAG_LEN));
  return { created: readTime(data, 0), iv, ciphertext };
}

/** Encrypts MK under the root material with a fresh IV. */
export function wrapMainKey(root: RootMaterial, mk: Uint8Array, now: Date): WrappedMainKey {
  const iv = randomBytes(IV_LEN);
  const key = deriveWrappingKey(root);
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LEN });
    cipher.setAAD(MK_AAD);
    const ciphertext = Buffer.concat([cipher.update(mk), cipher.final(), cipher.getAuthTag()]);
    return { created: now, iv, ciphertext };
  } finally {
    key.fill(0);
  }
}

/** MK, or undefined when it does not authenticate under this root material. */
export function unwrapMainKey(root: RootMaterial, main: WrappedMainKey): Buffer | undefined {
  const key = deriveWrappingKey(root);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, main.iv, { authTagLength: TAG_LEN });
    decipher.setAAD(MK_AAD);
    decipher.setAuthTag(main.ciphertext.subarray(MK_LEN));
    const mk = decipher.update(main.ciphertext.subarray(0, MK_LEN));
    try {
      decipher.final();
    } catch {
      mk.fill(0);
      return undefined;
    }
    return mk;
  } finally {
    key.fill(0);
  }
}

/**
 * raw (64) = material1 ⊕ material2 ⊕ UDID, zero-padded; RMK = HKDF-SHA256(raw, salt), 64 bytes;
 * the wrapping key is RMK[0..32).
 */
function deriveWrappingKey(root: RootMaterial): Buffer {
  const raw = Buffer.alloc(RAW_KEY_LEN);
  for (let i = 0; i < MATERIAL_LEN; i++) {
    raw[i] = root.material1[i]! ^ root.material2[i]! ^ DEVICE_UDID[i]!;
  }
  const rmk = Buffer.from(hkdfSync('sha256', raw, root.salt, Buffer.alloc(0), RAW_KEY_LEN));
  raw.fill(0);
  const key = Buffer.from(rmk.subarray(0, 32));
  rmk.fill(0);
  return key;
}

function frame(data: Buffer): Buffer {
  const version = Buffer.alloc(2);
  version.writeUInt16LE(VERSION, 0);
  const hash = createHash('sha256').update(version).update(data).digest();
  return Buffer.concat([FLAG, version, data, hash]);
}

function unframe(file: Buffer, dataLen: number): Buffer | undefined {
  if (file.length !== FLAG.length + 2 + dataLen + HASH_LEN) return undefined;
  if (!file.subarray(0, FLAG.length).equals(FLAG)) return undefined;
  const version = file.subarray(FLAG.length, FLAG.length + 2);
  if (version.readUInt16LE(0) !== VERSION) return undefined;
  const data = file.subarray(FLAG.length + 2, FLAG.length + 2 + dataLen);
  const hash = createHash('sha256').update(version).update(data).digest();
  return hash.equals(file.subarray(FLAG.length + 2 + dataLen)) ? data : undefined;
}

/** HksTime: year u16 LE, month, day, hour, minute, second (UTC). */
function writeTime(out: Buffer, at: number, when: Date): number {
  out.writeUInt16LE(when.getUTCFullYear(), at);
  out[at + 2] = when.getUTCMonth() + 1;
  out[at + 3] = when.getUTCDate();
  out[at + 4] = when.getUTCHours();
  out[at + 5] = when.getUTCMinutes();
  out[at + 6] = when.getUTCSeconds();
  return at + TIME_LEN;
}

function readTime(data: Buffer, at: number): Date {
  const [month, day, hour, minute, second] = data.subarray(at + 2, at + TIME_LEN);
  return new Date(Date.UTC(data.readUInt16LE(at), month! - 1, day, hour, minute, second));
}

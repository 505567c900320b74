import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  randomFillSync,
} from 'node:crypto';

import { HksErr, HuksFailure } from '../errors/failure.js';
import type { Namespace, Sealer } from '../store/types.js';

/**
 * Sealed key material, storage.md §4.2 (blob version 3 layout):
 *   salt (16) | GCM nonce (12) | GCM tag (16) | keySize u32 LE (4) | ciphertext (keySize)
 * The per-key key is HKDF-SHA256(MK, salt = ownerInfo ‖ salt16, info = empty, 32 bytes), where
 * ownerInfo is the canonical namespace encoding (the owner identity of the record). The AAD is a
 * canonical encoding of namespace, alias and serialized properties, so a record that is edited
 * or moved to another namespace or alias no longer opens.
 */

const SALT_LEN = 16;
const NONCE_LEN = 12;
const TAG_LEN = 16;
const HEADER_LEN = SALT_LEN + NONCE_LEN + TAG_LEN + 4;
const KEY_LEN = 32;

/** HKDF's counter byte for its first (and here only) output block. */
const FIRST_BLOCK = Buffer.of(1);

/** How many seals one draw from the CSPRNG serves (RandomPool). */
const SEALS_PER_DRAW = 64;

/** Domain separation for the AAD, so that the encoding can change under a new label. */
const AAD_LABEL = Buffer.from('openhuks-seal-v1', 'ascii');

/**
 * The sealer over a 32-byte main key. The key is copied and kept XOR-masked in memory (storage.md
 * §4.4), so a heap dump does not show MK verbatim; the caller may zero its own copy afterwards.
 * @throws HuksFailure INVALID_ARGUMENT when the main key is not 32 bytes.
 */
export function createSealer(mainKey: Uint8Array): Sealer {
  if (mainKey.length !== KEY_LEN) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `main key must be ${KEY_LEN} bytes`);
  }
  const masked = new MaskedKey(mainKey);
  const random = new RandomPool(SEALS_PER_DRAW * (SALT_LEN + NONCE_LEN));
  return {
    seal: (ns, alias, properties, material) =>
      seal(masked, random, ns, alias, properties, material),
    unseal: (ns, alias, properties, sealed) => unseal(masked, ns, alias, properties, sealed),
  };
}

/**
 * The owner identity bound into the key derivation and the AAD: app as UTF-8, user id, level,
 * each length-prefixed or fixed-size so that no two namespaces encode alike.
 */
export function encodeNamespace(ns: Namespace): Buffer {
  const app = Buffer.from(ns.app, 'utf8');
  const out = Buffer.alloc(4 + app.length + 8);
  out.writeUInt32LE(app.length, 0);
  app.copy(out, 4);
  out.writeInt32LE(ns.userId, 4 + app.length);
  out.writeUInt32LE(ns.level >>> 0, 8 + app.length);
  return out;
}

function seal(
  mk: MaskedKey,
  random: RandomPool,
  ns: Namespace,
  alias: Uint8Array,
  properties: Uint8Array,
  material: Uint8Array,
): Uint8Array {
  // §4.2: a blob must be longer than its 48-byte header, so empty material cannot be sealed.
  if (material.length === 0) throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'empty key material');

  const owner = encodeNamespace(ns);
  const out = Buffer.alloc(HEADER_LEN + material.length);
  random.take(out, SALT_LEN + NONCE_LEN);
  const salt = out.subarray(0, SALT_LEN);
  const nonce = out.subarray(SALT_LEN, SALT_LEN + NONCE_LEN);
  const key = deriveKey(mk, owner, salt);
  try {
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LEN });
    cipher.setAAD(buildAad(owner, alias, properties));
    const body = cipher.update(material);
    const tail = cipher.final();
    cipher.getAuthTag().copy(out, SALT_LEN + NONCE_LEN);
    out.writeUInt32LE(material.length, SALT_LEN + NONCE_LEN + TAG_LEN);
    body.copy(out, HEADER_LEN);
    tail.copy(out, HEADER_LEN + body.length);
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } finally {
    key.fill(0);
  }
}

function unseal(
  mk: MaskedKey,
  ns: Namespace,
  alias: Uint8Array,
  properties: Uint8Array,
  sealed: Uint8Array,
): Uint8Array {
  const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  // §4.2 consistency rule; a failure here is corruption (storage.md §5: 12000012).
  if (blob.length <= HEADER_LEN || blob.readUInt32LE(HEADER_LEN - 4) !== blob.length - HEADER_LEN) {
    throw new HuksFailure(HksErr.FAILURE, 'sealed key: inconsistent length (corrupt record)');
  }

  const owner = encodeNamespace(ns);
  const salt = blob.subarray(0, SALT_LEN);
  const nonce = blob.subarray(SALT_LEN, SALT_LEN + NONCE_LEN);
  const tag = blob.subarray(SALT_LEN + NONCE_LEN, SALT_LEN + NONCE_LEN + TAG_LEN);
  const key = deriveKey(mk, owner, salt);
  let plain: Buffer | undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LEN });
    decipher.setAAD(buildAad(owner, alias, properties));
    decipher.setAuthTag(tag);
    plain = decipher.update(blob.subarray(HEADER_LEN));
    decipher.final();
    return new Uint8Array(plain);
  } catch {
    // One message whatever failed: tampered record, moved record or another root key.
    throw new HuksFailure(HksErr.FAILURE, 'sealed key: authentication failed');
  } finally {
    key.fill(0);
    plain?.fill(0);
  }
}

function deriveKey(mk: MaskedKey, owner: Buffer, salt: Buffer): Buffer {
  const hkdfSalt = Buffer.concat([owner, salt]);
  return mk.use((raw) => hkdfSha256(raw, hkdfSalt));
}

/**
 * HKDF-SHA256 (RFC 5869) with empty info and a 32-byte output, which is one block:
 * PRK = HMAC(salt, IKM), OKM = HMAC(PRK, 0x01). Two HMACs cost less than half of crypto.hkdfSync,
 * whose job set-up dominates at this size; the bytes are the same (sealing.test.ts).
 */
export function hkdfSha256(ikm: Buffer, salt: Buffer): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  try {
    return createHmac('sha256', prk).update(FIRST_BLOCK).digest();
  } finally {
    prk.fill(0);
  }
}

/** AAD = label || namespace || u32 alias length || alias || properties (the rest of the record). */
function buildAad(owner: Buffer, alias: Uint8Array, properties: Uint8Array): Buffer {
  const aliasLen = Buffer.alloc(4);
  aliasLen.writeUInt32LE(alias.length, 0);
  return Buffer.concat([AAD_LABEL, owner, aliasLen, alias, properties]);
}

/** MK ⊕ a random mask; unmasked only for the duration of one derivation. */
class MaskedKey {
  readonly #mask: Buffer;
  readonly #masked: Buffer;

  constructor(key: Uint8Array) {
    this.#mask = randomBytes(key.length);
    this.#masked = Buffer.alloc(key.length);
    for (let i = 0; i < key.length; i++) this.#masked[i] = key[i]! ^ this.#mask[i]!;
  }

  use<T>(fn: (raw: Buffer) => T): T {
    const raw = Buffer.alloc(this.#masked.length);
    try {
      for (let i = 0; i < raw.length; i++) raw[i] = this.#masked[i]! ^ this.#mask[i]!;
      return fn(raw);
    } finally {
      raw.fill(0);
    }
  }
}

/**
 * Random bytes for salts and nonces, drawn from the CSPRNG for many seals at once: in Node 20
 * every randomFillSync call sets up a crypto job, which costs far more than 28 bytes. Each
 * byte is handed out once and wiped from the pool. Salts and nonces are stored in the clear,
 * so holding them in memory before use exposes nothing.
 */
class RandomPool {
  readonly #bytes: Buffer;
  #next: number;

  constructor(size: number) {
    this.#bytes = Buffer.alloc(size);
    this.#next = size;
  }

  /** Fills `into[0, length)` with fresh random bytes. */
  take(into: Buffer, length: number): void {
    if (this.#next + length > this.#bytes.length) {
      randomFillSync(this.#bytes);
      this.#next = 0;
    }
    const end = this.#next + length;
    this.#bytes.copy(into, 0, this.#next, end);
    this.#bytes.fill(0, this.#next, end);
    this.#next = end;
  }
}

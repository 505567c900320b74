import {
  createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual,
} from 'node:crypto';

/**
 * The UserIAM auth token, HksUserAuthToken of access-control.md §6.2: 280 bytes, packed,
 * little-endian. The plain part (0..63) carries the challenge, time and types; the user and
 * credential ids travel AES-256-GCM encrypted (64..247); an HMAC-SHA256 over bytes 0..247
 * closes it. Both keys are the AT keys shared only by the identity service and the core.
 */

export const AUTH_TOKEN_SIZE = 280;
export const CHALLENGE_SIZE = 32;
/** AAD of the ciphertext: the ASCII bytes `OH_authToken` (12 bytes). */
const CIPHER_AAD = Buffer.from('OH_authToken', 'ascii');
const UDID_SIZE = 64;
const PLAIN_SECRET_SIZE = 4 + 8 + 8 + 8 + UDID_SIZE + UDID_SIZE;

/** Offsets of §6.2. */
const AT = Object.freeze({
  version: 0,
  challenge: 4,
  time: 36,
  trustLevel: 44,
  authType: 48,
  authMode: 52,
  securityLevel: 56,
  tokenType: 60,
  cipher: 64,
  tag: 220,
  iv: 236,
  sign: 248,
});

/** The two AT keys: a 32-byte HMAC key and a 32-byte AES-256 key. */
export interface TokenKeys {
  readonly macKey: Uint8Array;
  readonly cipherKey: Uint8Array;
}

/** The clear fields of a token. */
export interface TokenHeader {
  readonly version: number;
  readonly challenge: Uint8Array;
  /** Milliseconds on the shared monotonic clock, at authentication. */
  readonly time: bigint;
  readonly trustLevel: number;
  /** IAM encoding (PIN 1, FACE 2, FINGERPRINT 4). */
  readonly authType: number;
  readonly authMode: number;
  readonly securityLevel: number;
  /** 0 local auth, 1 local re-sign, 2 co-auth. */
  readonly tokenType: number;
}

/** The encrypted fields of a token. */
export interface TokenSecret {
  readonly userId: number;
  readonly secureUid: bigint;
  readonly enrolledId: bigint;
  readonly credentialId: bigint;
}

/**
 * Builds a signed, encrypted 280-byte token. The challenge is zero-padded to 32 bytes
 * (§9.3: the app may pass 0..32 bytes). The iv is random unless given (tests).
 * @throws RangeError for a challenge longer than 32 bytes or keys that are not 32 bytes.
 */
export function encodeAuthToken(header: TokenHeader, secret: TokenSecret, keys: TokenKeys,
  iv: Uint8Array = randomBytes(12)): Uint8Array {
  if (header.challenge.length > CHALLENGE_SIZE) {
    throw new RangeError(`a challenge has at most ${CHALLENGE_SIZE} bytes`);
  }
  const out = Buffer.alloc(AUTH_TOKEN_SIZE);
  out.writeUInt32LE(header.version >>> 0, AT.version);
  out.set(header.challenge, AT.challenge);
  out.writeBigUInt64LE(header.time, AT.time);
  out.writeUInt32LE(header.trustLevel >>> 0, AT.trustLevel);
  out.writeUInt32LE(header.authType >>> 0, AT.authType);
  out.writeUInt32LE(header.authMode >>> 0, AT.authMode);
  out.writeUInt32LE(header.securityLevel >>> 0, AT.securityLevel);
  out.writeUInt32LE(header.tokenType >>> 0, AT.tokenType);

  const plain = Buffer.alloc(PLAIN_SECRET_SIZE);
  plain.writeInt32LE(secret.userId | 0, 0);
  plain.writeBigUInt64LE(secret.secureUid, 4);
  plain.writeBigUInt64LE(secret.enrolledId, 12);
  plain.writeBigUInt64LE(secret.credentialId, 20);
  // collectorUdid and verifierUdid stay zero: one emulated device collects and verifies.
  const cipher = createCipheriv('aes-256-gcm', checkKey(keys.cipherKey), iv);
  cipher.setAAD(CIPHER_AAD);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  out.set(sealed, AT.cipher);
  out.set(cipher.getAuthTag(), AT.tag);
  out.set(iv, AT.iv);
  out.set(tokenMac(out, keys), AT.sign);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** HMAC-SHA256(macKey, bytes 0..247): the value the `sign` field must hold. */
export function tokenMac(token: Uint8Array, keys: TokenKeys): Uint8Array {
  return createHmac('sha256', checkKey(keys.macKey)).update(token.subarray(0, AT.sign)).digest();
}

/** §6.3 step 3 for a 280-byte token: whether `sign` is the HMAC of the rest. */
export function tokenMacMatches(token: Uint8Array, keys: TokenKeys): boolean {
  const expected = tokenMac(token, keys);
  return timingSafeEqual(expected, token.subarray(AT.sign, AT.sign + 32));
}

/** The clear fields of a 280-byte token (the length is the caller's check, §6.3 step 2). */
export function readTokenHeader(token: Uint8Array): TokenHeader {
  const b = Buffer.from(token.buffer, token.byteOffset, token.byteLength);
  return {
    version: b.readUInt32LE(AT.version),
    challenge: Uint8Array.from(b.subarray(AT.challenge, AT.challenge + CHALLENGE_SIZE)),
    time: b.readBigUInt64LE(AT.time),
    trustLevel: b.readUInt32LE(AT.trustLevel),
    authType: b.readUInt32LE(AT.authType),
    authMode: b.readUInt32LE(AT.authMode),
    securityLevel: b.readUInt32LE(AT.securityLevel),
    tokenType: b.readUInt32LE(AT.tokenType),
  };
}

/**
 * §6.3 step 5: decrypts the secret fields; undefined when the GCM tag does not authenticate.
 */
export function openTokenSecret(token: Uint8Array, keys: TokenKeys): TokenSecret | undefined {
  const b = Buffer.from(token.buffer, token.byteOffset, token.byteLength);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', checkKey(keys.cipherKey),
      b.subarray(AT.iv, AT.iv + 12));
    decipher.setAAD(CIPHER_AAD);
    decipher.setAuthTag(b.subarray(AT.tag, AT.tag + 16));
    plain = Buffer.concat([decipher.update(b.subarray(AT.cipher, AT.tag)), decipher.final()]);
  } catch {
    // A failed GCM check is the one expected failure; the caller reports 12000006.
    return undefined;
  }
  return {
    userId: plain.readInt32LE(0),
    secureUid: plain.readBigUInt64LE(4),
    enrolledId: plain.readBigUInt64LE(12),
    credentialId: plain.readBigUInt64LE(20),
  };
}

function checkKey(key: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new RangeError('AT keys are 32 bytes');
  return key;
}

import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { HuksCipherMode as M, HuksKeyPadding as P } from '../../../src/common/enums.js';
import { HksErr } from '../../../src/errors/failure.js';
import type { ParamValue } from '../../../src/params/param-set.js';
import { assertCode } from '../rules/helpers.js';
import { A, runCipher, T, U } from './helpers.js';

const { HUKS_KEY_PURPOSE_ENCRYPT: ENCRYPT, HUKS_KEY_PURPOSE_DECRYPT: DECRYPT } = U;
const MODE_NAMES: Record<number, string> = {
  [M.HUKS_MODE_ECB]: 'ecb', [M.HUKS_MODE_CBC]: 'cbc', [M.HUKS_MODE_CTR]: 'ctr',
  [M.HUKS_MODE_CFB]: 'cfb', [M.HUKS_MODE_OFB]: 'ofb',
};
/** Lengths that cross block and chunk boundaries; block modes without padding need 16k. */
const LENGTHS = [0, 1, 15, 16, 17, 100, 1000];
const ALIGNED = [0, 16, 32, 1024];

/** Node's own cipher, as the reference for the keystore's output. */
function reference(cipher: string, key: Uint8Array, iv: Uint8Array | null, pkcs7: boolean,
  data: Uint8Array): Buffer {
  const context = createCipheriv(cipher, key, iv);
  context.setAutoPadding(pkcs7);
  return Buffer.concat([context.update(data), context.final()]);
}

function roundTrip(algorithm: number, cipherName: string, keyBytes: number, mode: number,
  padding: number, lengths: readonly number[]): void {
  const pkcs7 = padding === P.HUKS_PADDING_PKCS7;
  const ivLength = mode === M.HUKS_MODE_ECB ? 0 : 16;
  for (const length of lengths) {
    for (const chunk of [0, 7, 16]) {
      const key = new Uint8Array(randomBytes(keyBytes));
      const iv = new Uint8Array(randomBytes(ivLength));
      const init: Record<number, ParamValue> = { [T.HUKS_TAG_BLOCK_MODE]: mode,
        [T.HUKS_TAG_PADDING]: padding };
      if (ivLength) init[T.HUKS_TAG_IV] = iv;
      const plain = new Uint8Array(randomBytes(length));
      const chunkSize = !pkcs7 && mode <= M.HUKS_MODE_CBC && chunk === 7 ? 16 : chunk;
      const cipher = runCipher(algorithm, key, ENCRYPT, init, plain, chunkSize);
      assert.deepEqual(Buffer.from(cipher),
        reference(cipherName, key, ivLength ? iv : null, pkcs7, plain), `len ${length}`);
      assert.deepEqual(runCipher(algorithm, key, DECRYPT, init, cipher, chunk), plain);
    }
  }
}

describe('AES ECB/CBC/CTR round trips (algorithms.md §2.1.1)', () => {
  for (const bits of [128, 192, 256]) {
    for (const [mode, padding] of [[M.HUKS_MODE_ECB, P.HUKS_PADDING_NONE],
      [M.HUKS_MODE_ECB, P.HUKS_PADDING_PKCS7], [M.HUKS_MODE_CBC, P.HUKS_PADDING_NONE],
      [M.HUKS_MODE_CBC, P.HUKS_PADDING_PKCS7], [M.HUKS_MODE_CTR, P.HUKS_PADDING_NONE]] as const) {
      it(`AES-${bits} ${MODE_NAMES[mode]} padding ${padding}`, () => {
        const aligned = padding === P.HUKS_PADDING_NONE && mode !== M.HUKS_MODE_CTR;
        const lengths = aligned ? ALIGNED : LENGTHS;
        roundTrip(A.HUKS_ALG_AES, `aes-${bits}-${MODE_NAMES[mode]}`, bits / 8, mode, padding,
          lengths);
      });
    }
  }

  it('NoPadding CBC encryption needs a block-aligned finish chunk (401)', () => {
    const init = { [T.HUKS_TAG_BLOCK_MODE]: M.HUKS_MODE_CBC, [T.HUKS_TAG_PADDING]: 0,
      [T.HUKS_TAG_IV]: new Uint8Array(16) };
    assertCode(() => runCipher(A.HUKS_ALG_AES, new Uint8Array(16), ENCRYPT, init,
      new Uint8Array(17)), HksErr.INVALID_ARGUMENT);
    // Aligned finish, unaligned total: the engine fails (12000006).
    assertCode(() => runCipher(A.HUKS_ALG_AES, new Uint8Array(16), ENCRYPT, init,
      new Uint8Array(37), 21), HksErr.CRYPTO_ENGINE_ERROR);
    assertCode(() => runCipher(A.HUKS_ALG_AES, new Uint8Array(16), DECRYPT, init,
      new Uint8Array(17)), HksErr.CRYPTO_ENGINE_ERROR);
  });

  it('bad PKCS7 padding on decryption is 12000006', () => {
    const init = { [T.HUKS_TAG_BLOCK_MODE]: M.HUKS_MODE_ECB, [T.HUKS_TAG_PADDING]: 5 };
    assertCode(() => runCipher(A.HUKS_ALG_AES, new Uint8Array(16), DECRYPT, init,
      new Uint8Array(32)), HksErr.CRYPTO_ENGINE_ERROR);
  });
});

describe('AES GCM and CCM round trips (algorithms.md §2.1.2-§2.1.3, key-formats §7.1)', () => {
  for (const bits of [128, 192, 256]) {
    for (const mode of [M.HUKS_MODE_GCM, M.HUKS_MODE_CCM]) {
      const name = mode === M.HUKS_MODE_GCM ? 'gcm' : 'ccm';
      for (const tagLength of mode === M.HUKS_MODE_GCM ? [16] : [4, 10, 16]) {
        it(`AES-${bits} ${name} tag ${tagLength}: caller and generated nonces`, () => {
          for (const length of [0, 1, 16, 33, 1000]) {
            const key = new Uint8Array(randomBytes(bits / 8));
            const aad = new Uint8Array(randomBytes(13));
            const plain = new Uint8Array(randomBytes(length));
            const base = { [T.HUKS_TAG_BLOCK_MODE]: mode, [T.HUKS_TAG_PADDING]: 0,
              [T.HUKS_TAG_AE_TAG_LEN]: tagLength, [T.HUKS_TAG_AAD]: aad };
            const nonceLength = mode === M.HUKS_MODE_GCM ? 12 : 7;

            // Generated nonce: output is C || tag || nonce.
            const out = runCipher(A.HUKS_ALG_AES, key, ENCRYPT, base, plain, 10);
            assert.equal(out.length, length + tagLength + nonceLength);
            const nonce = out.subarray(length + tagLength);
            const tag = out.subarray(length, length + tagLength);
            const context = createCipheriv(`aes-${bits}-${name}` as 'aes-128-gcm', key, nonce,
              { authTagLength: tagLength });
            context.setAAD(aad, { plaintextLength: length });
            const expected = Buffer.concat([context.update(Buffer.from(plain)), context.final(),
              context.getAuthTag()]);
            assert.deepEqual(Buffer.from(out.subarray(0, length + tagLength)), expected);

            const decInit = { ...base, [T.HUKS_TAG_NONCE]: nonce, [T.HUKS_TAG_AE_TAG]: tag };
            assert.deepEqual(runCipher(A.HUKS_ALG_AES, key, DECRYPT, decInit,
              out.subarray(0, length), 9), plain);

            // Caller nonce: nothing appended.
            const callerNonce = new Uint8Array(randomBytes(nonceLength));
            const own = runCipher(A.HUKS_ALG_AES, key, ENCRYPT,
              { ...base, [T.HUKS_TAG_NONCE]: callerNonce }, plain);
            assert.equal(own.length, length + tagLength);

            const forged = Uint8Array.from(tag);
            forged[0]! ^= 1;
            assertCode(() => runCipher(A.HUKS_ALG_AES, key, DECRYPT,
              { ...decInit, [T.HUKS_TAG_AE_TAG]: forged }, out.subarray(0, length)),
            HksErr.CRYPTO_ENGINE_ERROR);
          }
        });
      }
    }
  }

  it('takes ASSOCIATED_DATA when AAD is absent', () => {
    const key = new Uint8Array(16);
    const nonce = new Uint8Array(12);
    const aad = Buffer.from('associated');
    const base = { [T.HUKS_TAG_BLOCK_MODE]: M.HUKS_MODE_GCM, [T.HUKS_TAG_PADDING]: 0,
      [T.HUKS_TAG_NONCE]: nonce };
    const viaAad = runCipher(A.HUKS_ALG_AES, key, ENCRYPT, { ...base, [T.HUKS_TAG_AAD]: aad },
      new Uint8Array(5));
    const viaAssociated = runCipher(A.HUKS_ALG_AES, key, ENCRYPT,
      { ...base, [T.HUKS_TAG_ASSOCIATED_DATA]: aad }, new Uint8Array(5));
    const without = runCipher(A.HUKS_ALG_AES, key, ENCRYPT, base, new Uint8Array(5));
    assert.deepEqual(viaAad, viaAssociated);
    assert.notDeepEqual(viaAad, without);
  });

  it('GCM streams: update returns ciphertext as it goes', () => {
    const out = runCipher(A.HUKS_ALG_AES, new Uint8Array(32), ENCRYPT,
      { [T.HUKS_TAG_BLOCK_MODE]: M.HUKS_MODE_GCM, [T.HUKS_TAG_PADDING]: 0,
        [T.HUKS_TAG_NONCE]: new Uint8Array(12) }, new Uint8Array(100), 30);
    assert.equal(out.length, 116);
  });
});

describe('SM4 round trips (algorithms.md §2.2)', () => {
  for (const [mode, padding] of [[M.HUKS_MODE_ECB, P.HUKS_PADDING_NONE],
    [M.HUKS_MODE_ECB, P.HUKS_PADDING_PKCS7], [M.HUKS_MODE_CBC, P.HUKS_PADDING_NONE],
    [M.HUKS_MODE_CBC, P.HUKS_PADDING_PKCS7], [M.HUKS_MODE_CTR, P.HUKS_PADDING_NONE],
    [M.HUKS_MODE_CFB, P.HUKS_PADDING_NONE], [M.HUKS_MODE_OFB, P.HUKS_PADDING_NONE]] as const) {
    it(`SM4 ${MODE_NAMES[mode]} padding ${padding}`, () => {
      const aligned = padding === P.HUKS_PADDING_NONE && mode <= M.HUKS_MODE_CBC;
      roundTrip(A.HUKS_ALG_SM4, `sm4-${MODE_NAMES[mode]}`, 16, mode, padding,
        aligned ? ALIGNED : LENGTHS);
    });
  }
});

describe('DES and 3DES (algorithms.md §2.3)', () => {
  it('DES-ECB matches the classic single-DES example', () => {
    const key = new Uint8Array(Buffer.from('133457799bbcdff1', 'hex'));
    const out = runCipher(A.HUKS_ALG_DES, key, ENCRYPT, { [T.HUKS_TAG_BLOCK_MODE]: M.HUKS_MODE_ECB,
      [T.HUKS_TAG_PADDING]: 0 }, Buffer.from('0123456789abcdef', 'hex'));
    assert.equal(Buffer.from(out).toString('hex'), '85e813540f0ab405');
  });

  for (const keyBytes of [8, 16, 24]) {
    for (const mode of [M.HUKS_MODE_ECB, M.HUKS_MODE_CBC]) {
      it(`${keyBytes * 8}-bit key ${MODE_NAMES[mode]} against des-ede3 with expanded keys`, () => {
        const algorithm = keyBytes === 8 ? A.HUKS_ALG_DES : A.HUKS_ALG_3DES;
        const key = new Uint8Array(randomBytes(keyBytes));
        const k1 = key.subarray(0, 8);
        const k2 = keyBytes === 8 ? k1 : key.subarray(8, 16);
        const k3 = keyBytes === 24 ? key.subarray(16, 24) : k1;
        const iv = new Uint8Array(randomBytes(8));
        const init: Record<number, ParamValue> = { [T.HUKS_TAG_BLOCK_MODE]: mode,
          [T.HUKS_TAG_PADDING]: 0 };
        if (mode === M.HUKS_MODE_CBC) init[T.HUKS_TAG_IV] = iv;
        const plain = new Uint8Array(randomBytes(64));
        const out = runCipher(algorithm, key, ENCRYPT, init, plain, 16);
        const expected = reference(mode === M.HUKS_MODE_CBC ? 'des-ede3-cbc' : 'des-ede3-ecb',
          Buffer.concat([k1, k2, k3]), mode === M.HUKS_MODE_CBC ? iv : null, false, plain);
        assert.deepEqual(Buffer.from(out), expected);
        assert.deepEqual(runCipher(algorithm, key, DECRYPT, init, out, 8), plain);
      });
    }
  }

  it('every chunk must be a multiple of 8 bytes (401)', () => {
    const init = { [T.HUKS_TAG_BLOCK_MODE]: M.HUKS_MODE_ECB, [T.HUKS_TAG_PADDING]: 0 };
    assertCode(() => runCipher(A.HUKS_ALG_3DES, new Uint8Array(24), ENCRYPT, init,
      new Uint8Array(130), 65), HksErr.INVALID_ARGUMENT);
    assertCode(() => runCipher(A.HUKS_ALG_DES, new Uint8Array(8), DECRYPT, init,
      new Uint8Array(12)), HksErr.INVALID_ARGUMENT);
  });
});

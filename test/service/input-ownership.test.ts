// The service consumes its inputs during the call (service/types.ts): the api passes the app's
// buffers without copying them, so bytes an app changes after a call has returned, in inData
// or in a parameter set, must not change the outcome of a later step of the same session.
import assert from 'node:assert/strict';
import { createCipheriv, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { describe, it } from 'node:test';

import {
  HuksCipherMode, HuksKeyAlg as A, HuksKeyDigest, HuksKeyPadding, HuksKeyPurpose as U, HuksTag as T,
} from '../../src/common/enums.js';
import { createKeystoreCore } from '../../src/core/keystore-core.js';
import { ParamSet, type Param } from '../../src/params/param-set.js';
import { LocalKeystoreService } from '../../src/service/keystore-service.js';
import { ChecksumSealer, MapKeyStore } from './doubles.js';
import { alice, bytes } from './service-helpers.js';

const EMPTY = new ParamSet([]);

function service(): LocalKeystoreService {
  return new LocalKeystoreService({
    core: createKeystoreCore({ offload: false }),
    store: new MapKeyStore(),
    sealer: new ChecksumSealer(),
  });
}

function set(entries: [number, Param['value']][]): ParamSet {
  return new ParamSet(entries.map(([tag, value]) => ({ tag, value })));
}

/** What an app does with its buffers once a call has returned: reuse them for other data. */
function scribble(...targets: (Uint8Array | ParamSet)[]): void {
  for (const target of targets) {
    if (target instanceof Uint8Array) {
      target.fill(0xaa);
      continue;
    }
    for (const { value } of target.params) if (value instanceof Uint8Array) value.fill(0xaa);
  }
}

describe('inputs are consumed during the call', () => {
  it('AES-CCM: nonce, AAD and cached chunks', async () => {
    const huks = service();
    const key = randomBytes(32);
    await huks.importKey(alice, bytes('ccm'), set([[T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_AES],
      [T.HUKS_TAG_KEY_SIZE, 256], [T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_ENCRYPT],
      [T.HUKS_TAG_BLOCK_MODE, HuksCipherMode.HUKS_MODE_CCM],
      [T.HUKS_TAG_PADDING, HuksKeyPadding.HUKS_PADDING_NONE]]), new Uint8Array(key));
    const nonce = randomBytes(12);
    const aad = randomBytes(20);
    const parts = [randomBytes(40), randomBytes(24)];
    const cipher = createCipheriv('aes-256-ccm', key, nonce, { authTagLength: 16 });
    cipher.setAAD(aad, { plaintextLength: 64 });
    const expected = Buffer.concat([cipher.update(Buffer.concat(parts)), cipher.final(),
      cipher.getAuthTag()]);

    const init = set([[T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_AES],
      [T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_ENCRYPT],
      [T.HUKS_TAG_BLOCK_MODE, HuksCipherMode.HUKS_MODE_CCM],
      [T.HUKS_TAG_PADDING, HuksKeyPadding.HUKS_PADDING_NONE],
      [T.HUKS_TAG_NONCE, new Uint8Array(nonce)], [T.HUKS_TAG_AAD, new Uint8Array(aad)]]);
    const { handle } = await huks.initSession(alice, bytes('ccm'), init);
    scribble(init);
    const first = new Uint8Array(parts[0]!);
    await huks.updateSession(alice, handle, EMPTY, first);
    scribble(first);
    const out = await huks.finishSession(alice, handle, EMPTY, new Uint8Array(parts[1]!));
    assert.deepEqual(Buffer.from(out), expected);
  });

  it('HKDF: SALT and INFO of the init, read at the update', async () => {
    const huks = service();
    const ikm = randomBytes(32);
    await huks.importKey(alice, bytes('base'), set([[T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_AES],
      [T.HUKS_TAG_KEY_SIZE, 256], [T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_DERIVE],
      [T.HUKS_TAG_DIGEST, HuksKeyDigest.HUKS_DIGEST_SHA256]]), new Uint8Array(ikm));
    const salt = randomBytes(16);
    const info = randomBytes(10);
    const init = set([[T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_HKDF],
      [T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_DERIVE],
      [T.HUKS_TAG_DIGEST, HuksKeyDigest.HUKS_DIGEST_SHA256], [T.HUKS_TAG_DERIVE_KEY_SIZE, 32],
      [T.HUKS_TAG_SALT, new Uint8Array(salt)], [T.HUKS_TAG_INFO, new Uint8Array(info)]]);
    const { handle } = await huks.initSession(alice, bytes('base'), init);
    scribble(init);
    await huks.updateSession(alice, handle, EMPTY, new Uint8Array(0));
    const out = await huks.finishSession(alice, handle, EMPTY, new Uint8Array(0));
    assert.deepEqual(Buffer.from(out), Buffer.from(hkdfSync('sha256', ikm, salt, info, 32)));
  });

  it('Ed25519: message chunks cached until finish', async () => {
    const huks = service();
    await huks.generateKey(alice, bytes('ed'), set([[T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ED25519],
      [T.HUKS_TAG_KEY_SIZE, 256],
      [T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_SIGN | U.HUKS_KEY_PURPOSE_VERIFY]]));
    const raw = await huks.exportKey(alice, bytes('ed'), EMPTY);
    const message = randomBytes(48);
    const init = set([[T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ED25519],
      [T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_SIGN]]);
    const { handle } = await huks.initSession(alice, bytes('ed'), init);
    const chunk = new Uint8Array(message.subarray(0, 32));
    await huks.updateSession(alice, handle, EMPTY, chunk);
    scribble(chunk);
    const signature = await huks.finishSession(alice, handle, EMPTY,
      new Uint8Array(message.subarray(32)));
    // key-formats.md §5: the raw 32-byte public key.
    const x = Buffer.from(raw).toString('base64url');
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    assert.ok(verify(null, message, publicKey, signature));
  });

  it('AES-GCM: AAD and a caller nonce of the init', async () => {
    const huks = service();
    const key = randomBytes(32);
    await huks.importKey(alice, bytes('gcm'), set([[T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_AES],
      [T.HUKS_TAG_KEY_SIZE, 256], [T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_ENCRYPT],
      [T.HUKS_TAG_BLOCK_MODE, HuksCipherMode.HUKS_MODE_GCM],
      [T.HUKS_TAG_PADDING, HuksKeyPadding.HUKS_PADDING_NONE]]), new Uint8Array(key));
    const nonce = randomBytes(12);
    const aad = randomBytes(16);
    const message = randomBytes(100);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(aad);
    const expected = Buffer.concat([cipher.update(message), cipher.final(), cipher.getAuthTag()]);

    const init = set([[T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_AES],
      [T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_ENCRYPT],
      [T.HUKS_TAG_BLOCK_MODE, HuksCipherMode.HUKS_MODE_GCM],
      [T.HUKS_TAG_PADDING, HuksKeyPadding.HUKS_PADDING_NONE],
      [T.HUKS_TAG_NONCE, new Uint8Array(nonce)], [T.HUKS_TAG_AAD, new Uint8Array(aad)]]);
    const { handle } = await huks.initSession(alice, bytes('gcm'), init);
    scribble(init);
    const head = new Uint8Array(message.subarray(0, 64));
    const first = await huks.updateSession(alice, handle, EMPTY, head);
    scribble(head);
    const rest = await huks.finishSession(alice, handle, EMPTY,
      new Uint8Array(message.subarray(64)));
    assert.deepEqual(Buffer.concat([first, rest]), expected);
  });
});

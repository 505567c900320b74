// Slow work off the event loop (sessions.md §9.2): one app's RSA-4096 generation or PBKDF2 of a
// million iterations does not hold up another app's small encryption, and a session that is
// running a call refuses a second one with 12000011 (§8). Assertions are on the order in which
// calls complete, never on durations.
import assert from 'node:assert/strict';
import { createCipheriv, createPublicKey, pbkdf2Sync, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  HuksCipherMode,
  HuksKeyAlg,
  HuksKeyDigest,
  HuksKeyPadding,
  HuksKeyPurpose,
  HuksTag,
} from '../../src/common/enums.js';
import { DAEMON_TARGET, tempHuks, type TempHuks } from '../helpers/instance.js';

const T = HuksTag;
const AES_KEY = new Uint8Array(randomBytes(32));
const MESSAGE = new Uint8Array(randomBytes(64));
const NONCE = new Uint8Array(randomBytes(12));
const EMPTY = new Uint8Array(0);
const MILLION = 1_000_000;

const gcmKey = [
  { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_AES },
  { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
  { tag: T.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT },
  { tag: T.HUKS_TAG_BLOCK_MODE, value: HuksCipherMode.HUKS_MODE_GCM },
  { tag: T.HUKS_TAG_PADDING, value: HuksKeyPadding.HUKS_PADDING_NONE },
];
const gcmInit = [...gcmKey.filter((p) => p.tag !== T.HUKS_TAG_KEY_SIZE),
  { tag: T.HUKS_TAG_NONCE, value: NONCE }];

const rsa4096 = [
  { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_RSA },
  { tag: T.HUKS_TAG_KEY_SIZE, value: 4096 },
  { tag: T.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_SIGN },
  { tag: T.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
  { tag: T.HUKS_TAG_PADDING, value: HuksKeyPadding.HUKS_PADDING_PSS },
];

const deriveBase = [
  { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_AES },
  { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
  { tag: T.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_DERIVE },
  { tag: T.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
];
const SALT = new Uint8Array(randomBytes(16));
const pbkdf2Init = [
  { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_PBKDF2 },
  { tag: T.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_DERIVE },
  { tag: T.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
  { tag: T.HUKS_TAG_DERIVE_KEY_SIZE, value: 32 },
  { tag: T.HUKS_TAG_ITERATION, value: MILLION },
  { tag: T.HUKS_TAG_SALT, value: SALT },
];

function expectedGcm(): Uint8Array {
  const cipher = createCipheriv('aes-256-gcm', AES_KEY, NONCE);
  return new Uint8Array(Buffer.concat([cipher.update(MESSAGE), cipher.final(),
    cipher.getAuthTag()]));
}

async function encrypt(t: TempHuks): Promise<Uint8Array | undefined> {
  const { handle } = await t.huks.initSession('gcm', { properties: gcmInit });
  const out = await t.huks.finishSession(handle, { properties: [], inData: MESSAGE });
  return out?.outData;
}

async function rejectsWithCode(promise: Promise<unknown>, code: number): Promise<void> {
  await assert.rejects(promise, (err: { code?: unknown; message?: unknown }) => {
    assert.equal(err.code, code, String(err.message));
    return true;
  });
}

describe('slow work runs off the event loop', () => {
  let slow: TempHuks;
  let fast: TempHuks;
  before(async () => {
    slow = tempHuks({ app: 'com.example.slow' });
    fast = tempHuks({ app: 'com.example.fast' });
    await fast.huks.importKeyItem('gcm', { properties: gcmKey, inData: AES_KEY });
    await slow.huks.importKeyItem('base', { properties: deriveBase, inData: AES_KEY });
  });
  after(async () => {
    await slow.cleanup();
    await fast.cleanup();
  });

  it('a 64-byte AES-GCM encryption completes while RSA-4096 generates', async () => {
    const done: string[] = [];
    const generation = slow.huks.generateKeyItem('rsa', { properties: rsa4096 })
      .then(() => done.push('rsa-4096'));
    const encryption = encrypt(fast).then((out) => {
      done.push('gcm');
      return out;
    });

    assert.deepEqual(await encryption, expectedGcm());
    await generation;
    assert.deepEqual(done, ['gcm', 'rsa-4096']);

    // The key generated on the worker is a whole RSA-4096 pair, stored as usual.
    const exported = await slow.huks.exportKeyItem('rsa', { properties: [] });
    const spki = Buffer.from(exported?.outData ?? EMPTY);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 4096);
  });

  it('PBKDF2 of 1,000,000 iterations: other calls go on, its own session is busy', async () => {
    const { handle } = await slow.huks.initSession('base', { properties: pbkdf2Init });
    const done: string[] = [];
    const update = slow.huks.updateSession(handle, { properties: pbkdf2Init, inData: EMPTY })
      .then(() => done.push('pbkdf2'));

    // sessions.md §8: update and finish on the busy session are 12000011, abort is a no-op.
    await rejectsWithCode(slow.huks.updateSession(handle, { properties: pbkdf2Init }), 12000011);
    await rejectsWithCode(slow.huks.finishSession(handle, { properties: [] }), 12000011);
    assert.equal(await slow.huks.abortSession(handle, { properties: [] }), null);
    assert.deepEqual(await encrypt(fast), expectedGcm());
    done.push('gcm');

    await update;
    assert.deepEqual(done, ['gcm', 'pbkdf2']);
    const out = await slow.huks.finishSession(handle, { properties: [] });
    const expected = pbkdf2Sync(AES_KEY, SALT, MILLION, 32, 'sha256');
    assert.deepEqual(out?.outData, new Uint8Array(expected));
  });

  // In process only: through the daemon, close() ends the connection, not the keystore.
  it('close() during a generation fails it', { skip: DAEMON_TARGET }, async () => {
    const t = tempHuks();
    const generation = t.huks.generateKeyItem('rsa', { properties: rsa4096 });
    const outcome = generation.then(() => 'stored', (err: { code?: unknown }) => err.code);
    // One turn of the loop: the call has opened the keystore and handed the work to a thread.
    await new Promise((resolve) => setImmediate(resolve));
    await t.cleanup();
    assert.equal(await outcome, 12000012);
  });
});

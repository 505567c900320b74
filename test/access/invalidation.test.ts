// access-control.md §6.4 (invalidation by access type), §7 (device password) and §8 (secure
// sign), through the public API with the identity service changing underneath.
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { describe, it } from 'node:test';

import type { HuksParam } from '../../src/api/types.js';
import {
  C, H, MAC_USE, Msg, PIN, T, U, X, device, macKey, pinKey, rejects, type Device,
} from './helpers.js';

const DATA = new Uint8Array(16).fill(3);
const FACE = H.HUKS_USER_AUTH_TYPE_FACE;
const FINGER = H.HUKS_USER_AUTH_TYPE_FINGERPRINT;
const PIN_TYPE = H.HUKS_USER_AUTH_TYPE_PIN;
const NORMAL = C.HUKS_CHALLENGE_TYPE_NORMAL;

type Credential = ['pin' | 'face' | 'fingerprint', string];

/** init, authenticate with the credential, finish: resolves or rejects like the finish. */
async function use(d: Device, alias: string, [kind, credential]: Credential) {
  const s = await d.huks.initSession(alias, { properties: MAC_USE });
  const token = d.iam.authenticate(s.challenge!, kind, credential);
  return d.huks.finishSession(s.handle, { properties: MAC_USE, inData: DATA }, token);
}

async function withDevice(body: (d: Device) => Promise<void>): Promise<void> {
  const d = device();
  try {
    await body(d);
  } finally {
    await d.cleanup();
  }
}

describe('invalidation by access type (access-control.md §6.4)', () => {
  it('CLEAR_PASSWORD: a PIN change keeps the key, clear and set again ends it', async () => {
    await withDevice(async (d) => {
      await d.huks.generateKeyItem('k', { properties: pinKey() });
      d.iam.changePin(PIN, '999999');
      await use(d, 'k', ['pin', '999999']);
      d.iam.clearPin();
      d.iam.setPin(PIN);
      await rejects(use(d, 'k', ['pin', PIN]), 12000007, Msg.INVALIDATED);
    });
  });

  it('NEW_BIO_ENROLL: deleting a finger keeps the key, enrolling one ends it', async () => {
    await withDevice(async (d) => {
      d.iam.enrollFingerprint('thumb');
      d.iam.enrollFingerprint('index');
      await d.huks.generateKeyItem('k', {
        properties: macKey(FINGER, X.HUKS_AUTH_ACCESS_INVALID_NEW_BIO_ENROLL, NORMAL),
      });
      d.iam.removeFingerprint('index');
      await use(d, 'k', ['fingerprint', 'thumb']);
      d.iam.enrollFingerprint('ring');
      await rejects(use(d, 'k', ['fingerprint', 'thumb']), 12000007, Msg.INVALIDATED);
    });
  });

  it('PIN|FACE with NEW_BIO_ENROLL: a new face ends face tokens, PIN tokens go on', async () => {
    await withDevice(async (d) => {
      d.iam.enrollFace('me');
      await d.huks.generateKeyItem('k', {
        properties: macKey(PIN_TYPE | FACE, X.HUKS_AUTH_ACCESS_INVALID_NEW_BIO_ENROLL, NORMAL),
      });
      await use(d, 'k', ['face', 'me']);
      d.iam.enrollFace('twin');
      await rejects(use(d, 'k', ['face', 'me']), 12000007, Msg.INVALIDATED);
      await use(d, 'k', ['pin', PIN]);
      d.iam.clearPin();
      d.iam.setPin(PIN);
      await rejects(use(d, 'k', ['pin', PIN]), 12000007, Msg.INVALIDATED);
    });
  });

  it('CLEAR_PASSWORD|NEW_BIO_ENROLL (3) checks both (openhuks decision)', async () => {
    await withDevice(async (d) => {
      d.iam.enrollFace('me');
      await d.huks.generateKeyItem('k', { properties: macKey(PIN_TYPE | FACE, 3, NORMAL) });
      d.iam.enrollFace('twin');
      await rejects(use(d, 'k', ['face', 'me']), 12000007, Msg.INVALIDATED);
      await use(d, 'k', ['pin', PIN]);
      d.iam.changePin(PIN, '1111');
      await use(d, 'k', ['pin', '1111']);
      d.iam.clearPin();
      d.iam.setPin(PIN);
      await rejects(use(d, 'k', ['pin', PIN]), 12000007, Msg.INVALIDATED);
    });
  });

  it('ALWAYS_VALID: survives a new password, refuses another user\'s token', async () => {
    await withDevice(async (d) => {
      d.iam.setPin(PIN, { userId: 101 });
      await d.huks.generateKeyItem('k', {
        properties: macKey(PIN_TYPE, X.HUKS_AUTH_ACCESS_ALWAYS_VALID, NORMAL),
      });
      d.iam.clearPin();
      d.iam.setPin('2222');
      await use(d, 'k', ['pin', '2222']);
      const s = await d.huks.initSession('k', { properties: MAC_USE });
      const token = d.iam.authenticate(s.challenge!, 'pin', PIN, { userId: 101 });
      await rejects(d.huks.finishSession(s.handle, { properties: MAC_USE, inData: DATA }, token),
        12000007, Msg.INVALIDATED);
    });
  });
});

describe('IS_DEVICE_PASSWORD_SET (access-control.md §7)', () => {
  const flagged = macKey(undefined, undefined, undefined,
    [{ tag: T.HUKS_TAG_IS_DEVICE_PASSWORD_SET, value: true }]);

  it('12000016 at init and at update without a PIN; usable again once one is set', async () => {
    await withDevice(async (d) => {
      await d.huks.generateKeyItem('k', { properties: flagged });
      const open = await d.huks.initSession('k', { properties: MAC_USE });
      d.iam.clearPin();
      await rejects(d.huks.updateSession(open.handle, { properties: MAC_USE, inData: DATA }),
        12000016, Msg.NO_PASSWORD);
      await rejects(d.huks.finishSession(open.handle, { properties: MAC_USE, inData: DATA }),
        12000011, Msg.NO_HANDLE);
      await rejects(d.huks.initSession('k', { properties: MAC_USE }), 12000016, Msg.NO_PASSWORD);
      d.iam.setPin('0000');
      const again = await d.huks.initSession('k', { properties: MAC_USE });
      await d.huks.finishSession(again.handle, { properties: MAC_USE, inData: DATA });
    });
  });

  it('12000016 at attestation (attestation.md §3)', async () => {
    await withDevice(async (d) => {
      await d.huks.generateKeyItem('e', { properties: [
        { tag: T.HUKS_TAG_ALGORITHM, value: 2 /* ECC */ },
        { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
        { tag: T.HUKS_TAG_PURPOSE, value: U.HUKS_KEY_PURPOSE_SIGN | U.HUKS_KEY_PURPOSE_VERIFY },
        { tag: T.HUKS_TAG_DIGEST, value: 12 /* SHA256 */ },
        { tag: T.HUKS_TAG_IS_DEVICE_PASSWORD_SET, value: true },
      ] });
      const attest = { properties: [{ tag: T.HUKS_TAG_ATTESTATION_CHALLENGE,
        value: new Uint8Array(16) }] };
      await d.huks.attestKeyItem('e', attest);
      d.iam.clearPin();
      await rejects(d.huks.attestKeyItem('e', attest), 12000016, Msg.NO_PASSWORD);
    });
  });

  it('12000016 at finish', async () => {
    await withDevice(async (d) => {
      await d.huks.generateKeyItem('k', { properties: flagged });
      const open = await d.huks.initSession('k', { properties: MAC_USE });
      d.iam.clearPin();
      await rejects(d.huks.finishSession(open.handle, { properties: MAC_USE, inData: DATA }),
        12000016, Msg.NO_PASSWORD);
    });
  });
});

describe('secure sign (access-control.md §8)', () => {
  const ecc = (purpose: number): HuksParam[] => [
    { tag: T.HUKS_TAG_ALGORITHM, value: 2 /* ECC */ },
    { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
    { tag: T.HUKS_TAG_PURPOSE, value: purpose },
    { tag: T.HUKS_TAG_DIGEST, value: 12 /* SHA256 */ },
  ];
  const secureKey = [...ecc(U.HUKS_KEY_PURPOSE_SIGN | U.HUKS_KEY_PURPOSE_VERIFY),
    { tag: T.HUKS_TAG_USER_AUTH_TYPE, value: PIN_TYPE },
    { tag: T.HUKS_TAG_KEY_AUTH_ACCESS_TYPE, value: X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD },
    { tag: T.HUKS_TAG_CHALLENGE_TYPE, value: NORMAL },
    { tag: T.HUKS_TAG_KEY_SECURE_SIGN_TYPE, value: 1 }];
  const sign = ecc(U.HUKS_KEY_PURPOSE_SIGN);

  it('the signature covers a 24-byte auth-info header, returned in front of it', async () => {
    await withDevice(async (d) => {
      await d.huks.generateKeyItem('s', { properties: secureKey });
      const message = new TextEncoder().encode('pay 10 EUR');
      const s = await d.huks.initSession('s', { properties: sign });
      const token = d.iam.authenticate(s.challenge!, 'pin', PIN);
      await d.huks.updateSession(s.handle, { properties: sign, inData: message }, token);
      const out = (await d.huks.finishSession(s.handle, { properties: sign })).outData!;

      const header = Buffer.from(out.subarray(0, 24));
      assert.equal(header.readUInt32LE(0), 0x01000001);
      assert.equal(header.readUInt32LE(4), PIN_TYPE);
      assert.equal(header.readBigUInt64LE(8).toString(16).padStart(16, '0'),
        d.iam.status().enrolledIds.pin);
      const spki = (await d.huks.exportKeyItem('s', { properties: [] })).outData!;
      const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      const signed = Buffer.concat([header, message]);
      assert.ok(verify('sha256', signed, key, out.subarray(24)));
      assert.ok(!verify('sha256', message, key, out.subarray(24)));
    });
  });

  it('401 for an empty first chunk', async () => {
    await withDevice(async (d) => {
      await d.huks.generateKeyItem('s', { properties: secureKey });
      const s = await d.huks.initSession('s', { properties: sign });
      const token = d.iam.authenticate(s.challenge!, 'pin', PIN);
      await rejects(d.huks.finishSession(s.handle, { properties: sign }, token), 401, Msg.INVALID);
    });
  });
});

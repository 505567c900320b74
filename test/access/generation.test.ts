// access-control.md §3 and §7 through the public API: every generation/import-time refusal
// with its code and message, and what a bound key stores.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  A, C, H, Msg, T, U, X, device, macKey, pinKey, rejects, type Device,
} from './helpers.js';

const PIN = H.HUKS_USER_AUTH_TYPE_PIN;
const FINGER = H.HUKS_USER_AUTH_TYPE_FINGERPRINT;
const CLEAR = X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD;
const NORMAL = C.HUKS_CHALLENGE_TYPE_NORMAL;
const NONE = C.HUKS_CHALLENGE_TYPE_NONE;

describe('user-auth binding at generation (access-control.md §3)', () => {
  let d: Device;
  before(() => {
    d = device();
  });
  after(() => d.cleanup());
  const gen = (properties: Parameters<typeof macKey>[3] & object) =>
    d.huks.generateKeyItem('k', { properties });

  it('401 without KEY_AUTH_ACCESS_TYPE', async () => {
    await rejects(gen(macKey(PIN, undefined, NORMAL)), 401, Msg.NO_ACCESS);
  });

  it('401 without CHALLENGE_TYPE', async () => {
    await rejects(gen(macKey(PIN, CLEAR, undefined)), 401, Msg.NO_CHALLENGE_TYPE);
  });

  it('401 for an auth type outside the 11 masks', async () => {
    for (const bad of [0, 8, 16, 36, 39, 64]) {
      await rejects(gen(macKey(bad, CLEAR, NORMAL)), 401, Msg.BAD_AUTH_TYPE, `type ${bad}`);
    }
  });

  it('401 for a challenge type other than 0, 1, 2', async () => {
    await rejects(gen(macKey(PIN, CLEAR, 3)), 401, Msg.BAD_CHALLENGE_TYPE);
  });

  it('401 for an access type the auth type cannot have', async () => {
    await rejects(gen(macKey(PIN, X.HUKS_AUTH_ACCESS_INVALID_NEW_BIO_ENROLL, NORMAL)), 401,
      Msg.BAD_ACCESS);
  });

  it('401 for AUTH_TIMEOUT 0 or above 216000 with CHALLENGE_TYPE_NONE', async () => {
    for (const timeout of [0, 216_001]) {
      const extra = [{ tag: T.HUKS_TAG_AUTH_TIMEOUT, value: timeout }];
      await rejects(gen(macKey(PIN, CLEAR, NONE, extra)), 401, Msg.BAD_TIMEOUT, `${timeout}`);
    }
    await d.huks.generateKeyItem('t', {
      properties: macKey(PIN, CLEAR, NONE, [{ tag: T.HUKS_TAG_AUTH_TIMEOUT, value: 216_000 }]),
    });
    // NORMAL keys ignore the timeout (§3 item 6).
    await d.huks.generateKeyItem('t', {
      properties: macKey(PIN, CLEAR, NORMAL, [{ tag: T.HUKS_TAG_AUTH_TIMEOUT, value: 0 }]),
    });
  });

  it('401 for a secure sign type other than 1, or secure sign without SIGN', async () => {
    await rejects(gen(pinKey([{ tag: T.HUKS_TAG_KEY_SECURE_SIGN_TYPE, value: 2 }])), 401,
      Msg.BAD_SECURE_SIGN);
    await rejects(gen(pinKey([{ tag: T.HUKS_TAG_KEY_SECURE_SIGN_TYPE, value: 1 }])), 401,
      Msg.INVALID);
  });

  it('12000003 for a KEY_AUTH_PURPOSE that is zero or outside PURPOSE', async () => {
    for (const purpose of [0, U.HUKS_KEY_PURPOSE_SIGN]) {
      const extra = [{ tag: T.HUKS_TAG_KEY_AUTH_PURPOSE, value: purpose }];
      await rejects(gen(pinKey(extra)), 12000003, Msg.INVALID_PURPOSE, `${purpose}`);
    }
  });

  it('12000001 for a symmetric key with KEY_AUTH_PURPOSE and a disallowed mode', async () => {
    const properties = [
      { tag: T.HUKS_TAG_ALGORITHM, value: A.HUKS_ALG_AES },
      { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
      { tag: T.HUKS_TAG_PURPOSE, value: U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT },
      { tag: T.HUKS_TAG_BLOCK_MODE, value: 1 /* ECB */ },
      { tag: T.HUKS_TAG_PADDING, value: 0 },
      { tag: T.HUKS_TAG_USER_AUTH_TYPE, value: PIN },
      { tag: T.HUKS_TAG_KEY_AUTH_ACCESS_TYPE, value: CLEAR },
      { tag: T.HUKS_TAG_CHALLENGE_TYPE, value: NORMAL },
      { tag: T.HUKS_TAG_KEY_AUTH_PURPOSE, value: U.HUKS_KEY_PURPOSE_DECRYPT },
    ];
    await rejects(gen(properties), 12000001, Msg.NOT_SUPPORTED);
    properties[3] = { tag: T.HUKS_TAG_BLOCK_MODE, value: 2 /* CBC */ };
    properties[4] = { tag: T.HUKS_TAG_PADDING, value: 5 /* PKCS7 */ };
    await gen(properties);
  });

  it('12000001 for TUI_PIN alone (passes the auth checks, then the core refuses it)', async () => {
    await rejects(gen(macKey(32, X.HUKS_AUTH_ACCESS_ALWAYS_VALID, NORMAL)), 12000001,
      Msg.AUTH_TYPE_NOT_SUPPORTED);
  });

  it('12000012 for IS_ALLOWED_WRAP on a key that can be invalidated', async () => {
    await rejects(gen(pinKey([{ tag: T.HUKS_TAG_IS_ALLOWED_WRAP, value: true }])), 12000012,
      Msg.FAILED);
  });

  it('12000018 for auth tags on an ML-KEM key', async () => {
    const properties = [
      { tag: T.HUKS_TAG_ALGORITHM, value: A.HUKS_ALG_ML_KEM },
      { tag: T.HUKS_TAG_KEY_SIZE, value: 768 },
      { tag: T.HUKS_TAG_PURPOSE, value: U.HUKS_KEY_PURPOSE_ENCRYPT },
      { tag: T.HUKS_TAG_USER_AUTH_TYPE, value: PIN },
      { tag: T.HUKS_TAG_KEY_AUTH_ACCESS_TYPE, value: X.HUKS_AUTH_ACCESS_ALWAYS_VALID },
      { tag: T.HUKS_TAG_CHALLENGE_TYPE, value: NORMAL },
    ];
    await rejects(gen(properties), 12000018, Msg.INVALID_ARGUMENT);
  });

  it('NO_AUTH_REQUIRED = true skips every check', async () => {
    const skip = [{ tag: T.HUKS_TAG_NO_AUTH_REQUIRED, value: true }];
    await gen(macKey(64, undefined, undefined, skip));
  });

  it('stores the binding but never shows the secure UID or enrolled ids', async () => {
    await d.huks.generateKeyItem('shown', { properties: pinKey() });
    const { properties } = await d.huks.getKeyItemProperties('shown', { properties: [] });
    const tags = (properties ?? []).map((p) => p.tag);
    assert.ok(tags.includes(T.HUKS_TAG_USER_AUTH_TYPE));
    assert.ok(!tags.includes(0x50000000 | 10015) && !tags.includes(0x50000000 | 10014));
  });
});

describe('UserIAM answers at generation (§3 item 9, §7, §9.1)', () => {
  it('12000013 when a requested credential type is not enrolled', async () => {
    const d = device();
    try {
      await rejects(d.huks.generateKeyItem('k', { properties: macKey(FINGER, CLEAR, NORMAL) }),
        12000013, Msg.NO_CREDENTIAL);
      d.iam.enrollFingerprint('thumb');
      await d.huks.generateKeyItem('k', { properties: macKey(FINGER, CLEAR, NORMAL) });
      await rejects(d.huks.generateKeyItem('k', {
        properties: macKey(FINGER | H.HUKS_USER_AUTH_TYPE_FACE, CLEAR, NORMAL),
      }), 12000013, Msg.NO_CREDENTIAL);
    } finally {
      await d.cleanup();
    }
  });

  it('12000013 for a PIN key of a user without PIN', async () => {
    const d = device({ pin: false });
    try {
      await rejects(d.huks.generateKeyItem('k', { properties: pinKey() }), 12000013,
        Msg.NO_CREDENTIAL);
    } finally {
      await d.cleanup();
    }
  });

  it('12000015 when the identity service is unavailable', async () => {
    const d = device();
    try {
      d.iam.setAvailable(false);
      await rejects(d.huks.generateKeyItem('k', { properties: pinKey() }), 12000015,
        Msg.IAM_AUTH_INFO);
      // ALWAYS_VALID keys do not ask UserIAM (§3 item 10).
      await d.huks.generateKeyItem('k', {
        properties: macKey(PIN, X.HUKS_AUTH_ACCESS_ALWAYS_VALID, NORMAL),
      });
      d.iam.setAvailable(true);
      await d.huks.generateKeyItem('k', { properties: pinKey() });
    } finally {
      await d.cleanup();
    }
  });

  it('12000016 for IS_DEVICE_PASSWORD_SET without a PIN, with or without user auth', async () => {
    const d = device({ pin: false });
    try {
      const flag = [{ tag: T.HUKS_TAG_IS_DEVICE_PASSWORD_SET, value: true }];
      await rejects(d.huks.generateKeyItem('k', { properties: macKey(undefined, undefined,
        undefined, flag) }), 12000016, Msg.NO_PASSWORD);
      d.iam.setPin('0000');
      await d.huks.generateKeyItem('k', { properties: macKey(undefined, undefined, undefined,
        flag) });
    } finally {
      await d.cleanup();
    }
  });

  it('applies to importKeyItem too', async () => {
    const d = device({ pin: false });
    try {
      const properties = macKey(PIN, CLEAR, NORMAL);
      await rejects(d.huks.importKeyItem('k', { properties, inData: new Uint8Array(32) }),
        12000013, Msg.NO_CREDENTIAL);
      await rejects(d.huks.importKeyItem('k', { properties: macKey(PIN, undefined, NORMAL),
        inData: new Uint8Array(32) }), 401, Msg.NO_ACCESS);
    } finally {
      await d.cleanup();
    }
  });
});

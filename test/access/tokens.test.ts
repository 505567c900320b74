// access-control.md §5-§6: the challenge of initSession and the token check at the first
// update/finish, with forged tokens of every kind; each refusal with its code and message.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import type { HuksParam } from '../../src/api/types.js';
import {
  encodeAuthToken, readTokenHeader, type TokenKeys,
} from '../../src/iam/auth-token.js';
import {
  C, H, MAC_USE, Msg, PIN, T, U, X, device, macKey, pinKey, rejects, type Device,
} from './helpers.js';

const DATA = new Uint8Array(32).fill(7);

async function open(d: Device, alias: string, extra: HuksParam[] = []) {
  return d.huks.initSession(alias, { properties: [...MAC_USE, ...extra] });
}

function finish(d: Device, handle: number, token?: Uint8Array) {
  const options = { properties: MAC_USE, inData: DATA };
  return token === undefined ? d.huks.finishSession(handle, options)
    : d.huks.finishSession(handle, options, token);
}

function flipBit(token: Uint8Array, byte: number): Uint8Array {
  const copy = Uint8Array.from(token);
  copy[byte]! ^= 0x01;
  return copy;
}

/** A token built like the identity service's, with chosen keys and fields. */
function forge(keys: TokenKeys, challenge: Uint8Array, fields: { tokenType?: number } = {}) {
  return encodeAuthToken({
    version: 1, challenge, time: 0n, trustLevel: 30000, authType: 1, authMode: 0,
    securityLevel: 0, tokenType: fields.tokenType ?? 0,
  }, { userId: 100, secureUid: 1n, enrolledId: 1n, credentialId: 1n }, keys);
}

describe('initSession challenge (sessions.md §2.5)', () => {
  let d: Device;
  before(async () => {
    d = device();
    await d.huks.generateKeyItem('normal', { properties: pinKey() });
    await d.huks.generateKeyItem('none', {
      properties: macKey(H.HUKS_USER_AUTH_TYPE_PIN, X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD,
        C.HUKS_CHALLENGE_TYPE_NONE),
    });
    await d.huks.generateKeyItem('plain', { properties: macKey(undefined, undefined, undefined) });
  });
  after(() => d.cleanup());

  it('is 32 fresh bytes for NORMAL, absent for NONE and for ordinary keys', async () => {
    const a = await open(d, 'normal');
    const b = await open(d, 'normal');
    assert.equal(a.challenge?.length, 32);
    assert.notDeepEqual(a.challenge, b.challenge);
    assert.equal('challenge' in (await open(d, 'none')), false);
    const plain = await open(d, 'plain');
    assert.equal('challenge' in plain, false);
    await finish(d, plain.handle);
    for (const s of [a, b]) await d.huks.abortSession(s.handle, { properties: [] });
  });

  it('is absent when KEY_AUTH_PURPOSE leaves the init purpose out (§4)', async () => {
    const aes = (purpose: number): HuksParam[] => [
      { tag: T.HUKS_TAG_ALGORITHM, value: 20 /* AES */ },
      { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
      { tag: T.HUKS_TAG_PURPOSE, value: purpose },
      { tag: T.HUKS_TAG_BLOCK_MODE, value: 2 /* CBC */ },
      { tag: T.HUKS_TAG_PADDING, value: 5 /* PKCS7 */ },
    ];
    const both = U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT;
    await d.huks.generateKeyItem('partial', { properties: [...aes(both),
      { tag: T.HUKS_TAG_USER_AUTH_TYPE, value: H.HUKS_USER_AUTH_TYPE_PIN },
      { tag: T.HUKS_TAG_KEY_AUTH_ACCESS_TYPE, value: X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD },
      { tag: T.HUKS_TAG_CHALLENGE_TYPE, value: C.HUKS_CHALLENGE_TYPE_NORMAL },
      { tag: T.HUKS_TAG_KEY_AUTH_PURPOSE, value: U.HUKS_KEY_PURPOSE_DECRYPT }] });
    const iv = { tag: T.HUKS_TAG_IV, value: new Uint8Array(16) };
    const encrypt = [...aes(U.HUKS_KEY_PURPOSE_ENCRYPT), iv];
    const free = await d.huks.initSession('partial', { properties: encrypt });
    assert.equal('challenge' in free, false);
    const sealed = await d.huks.finishSession(free.handle, { properties: encrypt, inData: DATA });
    assert.equal(sealed.outData?.length, 48);

    const decrypt = [...aes(U.HUKS_KEY_PURPOSE_DECRYPT), iv];
    const gated = await d.huks.initSession('partial', { properties: decrypt });
    assert.equal(gated.challenge?.length, 32);
    await rejects(d.huks.finishSession(gated.handle, { properties: decrypt,
      inData: sealed.outData! }), 401, Msg.NO_TOKEN);
  });
});

describe('token verification (access-control.md §6.3)', () => {
  let d: Device;
  before(async () => {
    d = device();
    d.iam.setPin(PIN, { userId: 101 });
    await d.huks.generateKeyItem('k', { properties: pinKey() });
  });
  after(() => d.cleanup());

  it('a good token authorises the session; later steps ignore the token', async () => {
    const s = await open(d, 'k');
    const token = d.iam.authenticate(s.challenge!, 'pin', PIN);
    await d.huks.updateSession(s.handle, { properties: MAC_USE, inData: DATA }, token);
    const out = await finish(d, s.handle);
    assert.equal(out.outData?.length, 32);
  });

  it('401 without a token, and the session is gone', async () => {
    const s = await open(d, 'k');
    await rejects(finish(d, s.handle), 401, Msg.NO_TOKEN);
    const t = await open(d, 'k');
    await rejects(d.huks.updateSession(t.handle, { properties: MAC_USE, inData: DATA }), 401,
      Msg.NO_TOKEN);
    await rejects(finish(d, t.handle, d.iam.authenticate(t.challenge!, 'pin', PIN)), 12000011,
      Msg.NO_HANDLE);
  });

  it('401 for a truncated token or one of 279 or 281 bytes', async () => {
    for (const length of [1, 279, 281]) {
      const s = await open(d, 'k');
      const good = d.iam.authenticate(s.challenge!, 'pin', PIN);
      const bad = new Uint8Array(length);
      bad.set(good.subarray(0, Math.min(length, good.length)));
      await rejects(finish(d, s.handle, bad), 401, Msg.BAD_TOKEN, `${length} bytes`);
    }
  });

  it('12000008 for a flipped bit anywhere (the MAC covers every byte)', async () => {
    for (const byte of [0, 4, 35, 36, 44, 48, 60, 64, 219, 220, 236, 247, 248, 279]) {
      const s = await open(d, 'k');
      const token = flipBit(d.iam.authenticate(s.challenge!, 'pin', PIN), byte);
      await rejects(finish(d, s.handle, token), 12000008, Msg.VERIFY_FAILED, `byte ${byte}`);
    }
  });

  it('12000008 for a token made with other AT keys', async () => {
    const s = await open(d, 'k');
    const keys = { macKey: randomBytes(32), cipherKey: randomBytes(32) };
    await rejects(finish(d, s.handle, forge(keys, s.challenge!)), 12000008, Msg.VERIFY_FAILED);
  });

  it('12000006 when the MAC verifies but the ciphertext does not decrypt', async () => {
    const s = await open(d, 'k');
    const keys = { macKey: d.iam.tokenKeys().macKey, cipherKey: randomBytes(32) };
    await rejects(finish(d, s.handle, forge(keys, s.challenge!)), 12000006, Msg.CRYPTO);
  });

  it('12000008 for a token replayed on another session (wrong challenge)', async () => {
    const first = await open(d, 'k');
    const token = d.iam.authenticate(first.challenge!, 'pin', PIN);
    await finish(d, first.handle, token);
    const second = await open(d, 'k');
    await rejects(finish(d, second.handle, token), 12000008, Msg.VERIFY_FAILED);
  });

  it('12000007 for a token of another user (another secure UID)', async () => {
    const s = await open(d, 'k');
    const token = d.iam.authenticate(s.challenge!, 'pin', PIN, { userId: 101 });
    await rejects(finish(d, s.handle, token), 12000007, Msg.INVALIDATED);
  });

  it('12000008 for an auth type the key does not accept', async () => {
    d.iam.enrollFingerprint('thumb');
    const s = await open(d, 'k');
    const token = d.iam.authenticate(s.challenge!, 'fingerprint', 'thumb');
    await rejects(finish(d, s.handle, token), 12000008, Msg.VERIFY_FAILED);
  });

  it('12000001 for a co-auth token on a local key, or an unknown token type', async () => {
    for (const tokenType of [2, 3]) {
      const s = await open(d, 'k');
      const token = d.iam.authenticate(s.challenge!, 'pin', PIN, { tokenType });
      await rejects(finish(d, s.handle, token), 12000001, Msg.NOT_SUPPORTED, `${tokenType}`);
    }
    await d.huks.generateKeyItem('coauth', {
      properties: pinKey([{ tag: T.HUKS_TAG_USER_AUTH_MODE, value: 1 }]),
    });
    const s = await open(d, 'coauth');
    await finish(d, s.handle, d.iam.authenticate(s.challenge!, 'pin', PIN, { tokenType: 2 }));
  });
});

describe('CUSTOM challenge (access-control.md §5)', () => {
  let d: Device;
  before(async () => {
    d = device();
    await d.huks.generateKeyItem('a', { properties: macKey(H.HUKS_USER_AUTH_TYPE_PIN,
      X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD, C.HUKS_CHALLENGE_TYPE_CUSTOM) });
    await d.huks.generateKeyItem('b', { properties: macKey(H.HUKS_USER_AUTH_TYPE_PIN,
      X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD, C.HUKS_CHALLENGE_TYPE_CUSTOM) });
  });
  after(() => d.cleanup());
  const pos = (value: number) => [{ tag: T.HUKS_TAG_CHALLENGE_POS, value }];

  it('401 at init without CHALLENGE_POS or with one above 3', async () => {
    await rejects(open(d, 'a'), 401, Msg.INVALID);
    await rejects(open(d, 'a', pos(4)), 401, Msg.INVALID);
  });

  it('one token for a combined challenge authorises each session in its slot', async () => {
    const first = await open(d, 'a', pos(0));
    const second = await open(d, 'b', pos(1));
    const combined = new Uint8Array(32);
    combined.set(first.challenge!.subarray(0, 8), 0);
    combined.set(second.challenge!.subarray(8, 16), 8);
    const token = d.iam.authenticate(combined, 'pin', PIN);
    await finish(d, first.handle, token);
    await finish(d, second.handle, token);
  });

  it('12000008 when the session\'s slot does not match', async () => {
    const s = await open(d, 'a', pos(2));
    const challenge = Uint8Array.from(s.challenge!);
    challenge[16]! ^= 0xff;
    challenge[0]! ^= 0xff; // other slots do not matter; slot 2 does
    await rejects(finish(d, s.handle, d.iam.authenticate(challenge, 'pin', PIN)), 12000008,
      Msg.VERIFY_FAILED);
  });
});

describe('CHALLENGE_TYPE_NONE time window (§6.3 step 6c), on the injected clock', () => {
  let d: Device;
  before(async () => {
    d = device();
    const none = (timeout?: number) => macKey(H.HUKS_USER_AUTH_TYPE_PIN,
      X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD, C.HUKS_CHALLENGE_TYPE_NONE,
      timeout === undefined ? [] : [{ tag: T.HUKS_TAG_AUTH_TIMEOUT, value: timeout }]);
    await d.huks.generateKeyItem('t60', { properties: none(60) });
    await d.huks.generateKeyItem('t3', { properties: none() });
  });
  after(() => d.cleanup());

  /** Inits at 1000 s on the device clock, then authenticates `later` ms after init. */
  async function attempt(alias: string, later: number) {
    d.iam.setClock(1_000_000);
    const s = await open(d, alias);
    d.iam.advanceClock(later);
    const token = d.iam.authenticate(new Uint8Array(0), 'pin', PIN);
    assert.equal(readTokenHeader(token).time, BigInt(1_000_000 + later));
    return finish(d, s.handle, token);
  }

  it('a 60-second key accepts a token up to 60 s away and refuses 61 s', async () => {
    await attempt('t60', 60_000);
    await attempt('t60', 60_999); // whole seconds: 1060 - 1000 = 60
    await rejects(attempt('t60', 61_000), 12000009, Msg.TIMED_OUT);
  });

  it('without AUTH_TIMEOUT the window is 3 s, on both sides of the init time', async () => {
    await attempt('t3', 3_000);
    await rejects(attempt('t3', 4_000), 12000009, Msg.TIMED_OUT);
    await attempt('t3', -3_000);
    await rejects(attempt('t3', -4_000), 12000009, Msg.TIMED_OUT);
  });

  after(() => d.iam.setClock(undefined));
});

describe('API 8 init/update/finish (sessions.md §9.3): the challenge as `token`', () => {
  let d: Device;
  before(async () => {
    d = device();
    await d.huks.generateKeyItem('k', { properties: pinKey() });
  });
  after(() => d.cleanup());

  it('init returns the challenge; finish reports raw internal codes', async () => {
    // The binding reads (handle, options, token?) whatever the declaration says (api.md §5).
    type Finish8 = (handle: number, options: object, token?: Uint8Array) =>
      Promise<{ errorCode: number; outData?: Uint8Array | null }>;
    const finish8 = d.huks.finish.bind(d.huks) as unknown as Finish8;
    const first = await d.huks.init('k', { properties: MAC_USE });
    assert.equal(first.errorCode, 0);
    assert.equal(first.token?.length, 32);
    const token = d.iam.authenticate(first.token!, 'pin', PIN);
    const done = await finish8(first.handle!, { properties: MAC_USE, inData: DATA }, token);
    assert.equal(done.errorCode, 0);
    assert.equal(done.outData?.length, 32);

    const second = await d.huks.init('k', { properties: MAC_USE });
    const replayed = await finish8(second.handle!, { properties: MAC_USE, inData: DATA },
      token);
    assert.equal(replayed.errorCode, -43); // HKS_ERROR_KEY_AUTH_FAILED, wrong challenge
    const third = await d.huks.init('k', { properties: MAC_USE });
    const missing = await finish8(third.handle!, { properties: MAC_USE, inData: DATA });
    assert.equal(missing.errorCode, -131);
  });
});

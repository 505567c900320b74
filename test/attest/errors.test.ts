// attestation.md §7, errors.md: each documented error path of the attestation functions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  HuksKeyAlg as A, HuksKeyDigest as D, HuksKeyPurpose as Pur, HuksTag as T, InternalTag as I,
} from '../../src/common/enums.js';
import { checkAttestPermissions, permissionsOf } from '../../src/core/attest/request.js';
import { HksErr, HuksFailure } from '../../src/errors/failure.js';
import { ParamSet } from '../../src/params/param-set.js';
import { tempHuks, type TempHuks } from '../helpers/instance.js';
import { challengeParam, KEY_TYPES, makeKey, type HuksParam } from './helpers.js';

const INVALID = 'Invalid parameters.';
const NO_PERMISSION = 'Permission check failed. Apply for the required permissions first.';
const NOT_SUPPORTED = 'The feature is not support.';
const NOT_EXIST = 'The entity does not exist.';
const CHALLENGE = challengeParam(new TextEncoder().encode('challenge_data'));
const brand = { tag: T.HUKS_TAG_ATTESTATION_ID_BRAND, value: new TextEncoder().encode('b') };

async function rejects(promise: Promise<unknown>, code: number, message: string): Promise<void> {
  await assert.rejects(promise, (error: { code?: unknown; message?: unknown }) => {
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    return true;
  });
}

const p = (tag: number, value: number): HuksParam => ({ tag, value });

describe('attestation errors', () => {
  let t: TempHuks;
  let sys: TempHuks;
  const attest = (alias: string, properties: HuksParam[]) =>
    t.huks.attestKeyItem(alias, { properties });
  const anon = (alias: string, properties: HuksParam[]) =>
    t.huks.anonAttestKeyItem(alias, { properties });

  before(async () => {
    t = tempHuks();
    sys = tempHuks({ app: 'com.example.system', system: true, home: t.home });
    await makeKey(t.huks, 'ec', KEY_TYPES[2]!);
    await makeKey(sys.huks, 'ec', KEY_TYPES[2]!);
    await t.huks.generateKeyItem('aes', { properties: [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_AES),
      p(T.HUKS_TAG_KEY_SIZE, 256), p(T.HUKS_TAG_PURPOSE, Pur.HUKS_KEY_PURPOSE_ENCRYPT)] });
    await t.huks.generateKeyItem('hmac', { properties: [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_HMAC),
      p(T.HUKS_TAG_KEY_SIZE, 256), p(T.HUKS_TAG_PURPOSE, Pur.HUKS_KEY_PURPOSE_MAC),
      p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256)] });
    await t.huks.generateKeyItem('p224', { properties: [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ECC),
      p(T.HUKS_TAG_KEY_SIZE, 224), p(T.HUKS_TAG_PURPOSE, Pur.HUKS_KEY_PURPOSE_SIGN),
      p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256)] });
  });
  after(async () => {
    await sys.cleanup();
    await t.cleanup();
  });

  it('12000011 without a key under the alias, in either mode', async () => {
    await rejects(attest('missing', [CHALLENGE]), 12000011, NOT_EXIST);
    await rejects(anon('missing', [CHALLENGE]), 12000011, NOT_EXIST);
  });

  it('12000011 for another app\'s key: aliases are per app', async () => {
    await rejects(attest('aes', [CHALLENGE]), 401, INVALID);
    await rejects(sys.huks.attestKeyItem('aes', { properties: [CHALLENGE] }), 12000011, NOT_EXIST);
  });

  it('401 without a challenge, or with an empty one', async () => {
    await rejects(attest('ec', []), 401, INVALID);
    await rejects(anon('ec', []), 401, INVALID);
    await rejects(attest('ec', [challengeParam(new Uint8Array(0))]), 401, INVALID);
  });

  it('401 for keys that cannot be attested (AES, HMAC)', async () => {
    await rejects(attest('aes', [CHALLENGE]), 401, INVALID);
    await rejects(anon('hmac', [CHALLENGE]), 401, INVALID);
  });

  it('12000001 for an unsupported curve (P-224)', async () => {
    await rejects(attest('p224', [CHALLENGE]), 12000001, NOT_SUPPORTED);
  });

  it('12000001 for the legacy HKS_TAG_ATTESTATION_CERT_TYPE', async () => {
    await rejects(attest('ec', [CHALLENGE, p(I.HKS_TAG_ATTESTATION_CERT_TYPE, 1)]), 12000001,
      NOT_SUPPORTED);
  });

  it('201 for an ID tag from an ordinary app, in every mode, before the key is looked up',
    async () => {
      await rejects(attest('ec', [CHALLENGE, brand]), 201, NO_PERMISSION);
      await rejects(anon('ec', [CHALLENGE, brand]), 201, NO_PERMISSION);
      await rejects(t.huks.anonAttestKeyItemOffline('ec', [CHALLENGE, brand]), 201, NO_PERMISSION);
      await rejects(attest('missing', [CHALLENGE, brand]), 201, NO_PERMISSION);
    });

  it('a system app may pass ID tags; MODEL, which the service adds, duplicates: 401',
    async () => {
      const chain = await sys.huks.attestKeyItem('ec', { properties: [CHALLENGE, brand] });
      assert.equal(chain.certChains!.length, 4);
      const model = { tag: T.HUKS_TAG_ATTESTATION_ID_MODEL, value: new TextEncoder().encode('m') };
      await rejects(sys.huks.attestKeyItem('ec', { properties: [CHALLENGE, model] }), 401, INVALID);
      await rejects(attest('ec', [CHALLENGE, model]), 201, NO_PERMISSION);
    });

  it('401 for a caller-supplied APPLICATION_ID (the service fills it)', async () => {
    const forged = { tag: T.HUKS_TAG_ATTESTATION_APPLICATION_ID, value: new Uint8Array([1]) };
    await rejects(attest('ec', [CHALLENGE, forged]), 401, INVALID);
  });

  it('401 for a caller-supplied ATTESTATION_BASE64 (the binding adds it)', async () => {
    await rejects(attest('ec', [CHALLENGE, { tag: I.HKS_TAG_ATTESTATION_BASE64, value: true }]),
      401, INVALID);
  });

  it('401 "Insufficient buffer size." when the leaf outgrows its 4096-byte slot', async () => {
    await rejects(attest('ec', [challengeParam(new Uint8Array(3000))]), 401,
      'Insufficient buffer size.');
    // A challenge that still fits gives a chain.
    const fits = await attest('ec', [challengeParam(new Uint8Array(1500))]);
    assert.equal(fits.certChains!.length, 4);
  });

  it('offline: invalid parameters read as 12000018 (api.md §4.14)', async () => {
    const invalid = 'The input parameter is invalid.';
    await rejects(t.huks.anonAttestKeyItemOffline('ec', []), 12000018, invalid);
    await rejects(t.huks.anonAttestKeyItemOffline('aes', [CHALLENGE]), 12000018, invalid);
    const online = { tag: I.HKS_TAG_ANONYMOUS_ATTESTATION_MODE, value: 0 };
    await rejects(t.huks.anonAttestKeyItemOffline('ec', [CHALLENGE, online]), 12000018, invalid);
  });
});

describe('permission checks (attestation.md §1, §7)', () => {
  const mode = (value: number) => new ParamSet([{ tag: I.HKS_TAG_ATTESTATION_MODE, value }]);
  const denied = (e: unknown) => e instanceof HuksFailure && e.internal === HksErr.NO_PERMISSION;
  const refuses = (run: () => void) => assert.throws(run, denied);

  it('non-anonymous attestation needs ATTEST_KEY; anonymous attestation does not', () => {
    refuses(() => checkAttestPermissions(mode(0), new Set()));
    refuses(() => checkAttestPermissions(new ParamSet(), new Set()));
    checkAttestPermissions(mode(1), new Set());
  });

  it('ID tags need ACCESS_IDS, held by system apps only', () => {
    const ids = mode(1).with({ tag: T.HUKS_TAG_ATTESTATION_ID_UDID, value: new Uint8Array([1]) });
    refuses(() => checkAttestPermissions(ids, permissionsOf(false)));
    checkAttestPermissions(ids, permissionsOf(true));
    checkAttestPermissions(mode(0), permissionsOf(false));
  });
});

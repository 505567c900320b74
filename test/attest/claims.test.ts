// attestation.md §5.3: the claims of the attestation extension, their order, levels and values.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  HuksKeyAlg as A, HuksKeyDigest as D, HuksKeyPadding as P, HuksKeyPurpose as Pur, HuksTag as T,
} from '../../src/common/enums.js';
import { buildClaims, DEVICE_MODEL, type AttestedCaller } from '../../src/core/attest/claims.js';
import {
  decodeClaims, encodeClaims, readAppIdValue, readBoolean, readOctetString, readUtf8String,
} from '../../src/core/attest/claims-der.js';
import { AppKindOid, ClaimOid as O } from '../../src/core/attest/oids.js';
import { ParamSet } from '../../src/params/param-set.js';
import { tempHuks, type TempHuks } from '../helpers/instance.js';
import {
  challengeParam, claim, claimsOf, KEY_TYPES, makeKey, opensslVerify, u32le,
} from './helpers.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const APP: AttestedCaller = { name: 'com.example.app', isSystem: false, isService: false };
const CHALLENGE = text('challenge_data');

function claimsFor(key: Record<number, number>, extra: ParamSet = new ParamSet()) {
  const request = extra.with(
    { tag: T.HUKS_TAG_ATTESTATION_CHALLENGE, value: CHALLENGE },
    { tag: T.HUKS_TAG_ATTESTATION_ID_MODEL, value: text(DEVICE_MODEL) },
  );
  const properties = new ParamSet(
    Object.entries(key).map(([tag, value]) => ({ tag: Number(tag), value })),
  );
  return buildClaims(request, properties, APP);
}

const GROUP_ARC = '1.3.6.1.4.1.2011.2.376.2.4.';
const SIGN = Pur.HUKS_KEY_PURPOSE_SIGN | Pur.HUKS_KEY_PURPOSE_VERIFY;
const CRYPT = Pur.HUKS_KEY_PURPOSE_ENCRYPT | Pur.HUKS_KEY_PURPOSE_DECRYPT;

describe('claims from the stored key (§5.3 rows 16-21)', () => {
  const groupCases: Array<[string, Record<number, number>, string[]]> = [
    ['RSA PSS SHA-256 signing', { [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_RSA,
      [T.HUKS_TAG_PURPOSE]: SIGN, [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SHA256,
      [T.HUKS_TAG_PADDING]: P.HUKS_PADDING_PSS }, [O.GROUP_RSA_PSS_SHA256]],
    ['ECDSA SHA-256', { [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_ECC, [T.HUKS_TAG_PURPOSE]: SIGN,
      [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SHA256 }, [O.GROUP_ECDSA_SHA256]],
    ['SM2 with SM3 reuses the ECDSA group', { [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_SM2,
      [T.HUKS_TAG_PURPOSE]: SIGN, [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SM3 }, [O.GROUP_ECDSA_SHA256]],
    ['RSA OAEP SHA-256', { [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_RSA, [T.HUKS_TAG_PURPOSE]: CRYPT,
      [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SHA256, [T.HUKS_TAG_PADDING]: P.HUKS_PADDING_OAEP },
    [O.GROUP_RSA_OAEP_SHA256]],
    ['RSA OAEP SHA-1', { [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_RSA, [T.HUKS_TAG_PURPOSE]: CRYPT,
      [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SHA1, [T.HUKS_TAG_PADDING]: P.HUKS_PADDING_OAEP },
    [O.GROUP_RSA_OAEP]],
    ['RSA PSS, purposes sign and encrypt: the signature group only (OAEP is not the padding)', {
      [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_RSA, [T.HUKS_TAG_PURPOSE]: SIGN | CRYPT,
      [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SHA256, [T.HUKS_TAG_PADDING]: P.HUKS_PADDING_PSS,
    }, [O.GROUP_RSA_PSS_SHA256]],
  ];
  for (const [name, key, groups] of groupCases) {
    it(`group claim: ${name}`, () => {
      const claims = claimsFor(key);
      const found = claims.filter((c) => c.oid.startsWith(GROUP_ARC));
      assert.deepEqual(found.map((c) => c.oid), groups);
      for (const c of found) {
        assert.equal(c.level, 2);
        assert.equal(readBoolean(c.value), true);
      }
      // With a group claim there is no usage, digest or padding claim.
      for (const oid of [O.USAGE, O.DIGEST, O.PADDING]) {
        assert.equal(claims.some((c) => c.oid === oid), false);
      }
    });
  }

  it('without a group: usage, digest and padding as u32 little-endian', () => {
    const claims = claimsFor({ [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_ECC, [T.HUKS_TAG_PURPOSE]: SIGN,
      [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SHA384 });
    assert.deepEqual(readOctetString(claim(claims, O.USAGE).value), u32le(SIGN));
    assert.deepEqual(readOctetString(claim(claims, O.DIGEST).value), u32le(D.HUKS_DIGEST_SHA384));
    assert.deepEqual(readOctetString(claim(claims, O.PADDING).value), u32le(0));
  });

  it('no padding claim for RSA and SM2 keys, digest NONE when the key has none', () => {
    for (const algorithm of [A.HUKS_ALG_RSA, A.HUKS_ALG_SM2]) {
      const claims = claimsFor({ [T.HUKS_TAG_ALGORITHM]: algorithm, [T.HUKS_TAG_PURPOSE]: CRYPT });
      assert.deepEqual(readOctetString(claim(claims, O.DIGEST).value), u32le(D.HUKS_DIGEST_NONE));
      assert.equal(claims.some((c) => c.oid === O.PADDING), false);
    }
  });

  it('secure-sign type and key flag, 0 when the key has none', () => {
    const claims = claimsFor({ [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_ED25519,
      [T.HUKS_TAG_PURPOSE]: SIGN, [T.HUKS_TAG_KEY_SECURE_SIGN_TYPE]: 1 });
    assert.deepEqual(readOctetString(claim(claims, O.SECURE_SIGN_TYPE).value), u32le(1));
    assert.deepEqual(readOctetString(claim(claims, O.KEY_FLAG).value), u32le(0));
  });

  it('a device-identity value that is not UTF-8 is refused (-3)', () => {
    const notUtf8 = new Uint8Array([0xff]);
    const bad = new ParamSet([{ tag: T.HUKS_TAG_ATTESTATION_ID_BRAND, value: notUtf8 }]);
    assert.throws(() => claimsFor({ [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_ECC }, bad),
      (e: { internal?: number }) => e.internal === -3);
  });

  it('the encoding round-trips and starts with version 0', () => {
    const claims = claimsFor({ [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_ECC });
    const der = encodeClaims(claims);
    assert.equal(Buffer.from(der.subarray(0, 1)).toString('hex'), '30');
    assert.deepEqual(decodeClaims(der), claims);
  });
});

describe('claims of a real attestation (§5.3 order)', () => {
  let system: TempHuks;
  let ordinary: TempHuks;
  before(async () => {
    system = tempHuks({ app: 'com.example.system', system: true });
    ordinary = tempHuks({ app: 'com.example.plain', home: system.home });
    await makeKey(system.huks, 'k', KEY_TYPES[2]!);
    await makeKey(ordinary.huks, 'k', KEY_TYPES[2]!);
  });
  after(async () => {
    await ordinary.cleanup();
    await system.cleanup();
  });

  it('a system app with ID tags: every claim in the spec\'s order, values as given', async () => {
    const ids: Array<[number, string]> = [
      [T.HUKS_TAG_ATTESTATION_ID_UDID, 'udid-1'],
      [T.HUKS_TAG_ATTESTATION_ID_BRAND, 'OpenBrand'],
      [T.HUKS_TAG_ATTESTATION_ID_IMEI, '356938035643809'],
      [T.HUKS_TAG_ATTESTATION_ID_SERIAL, 'SN-42'],
    ];
    const properties = [
      challengeParam(CHALLENGE),
      { tag: T.HUKS_TAG_ATTESTATION_ID_ALIAS, value: text('k') },
      { tag: T.HUKS_TAG_ATTESTATION_ID_VERSION_INFO, value: new Uint8Array([1, 2]) },
      { tag: T.HUKS_TAG_ATTESTATION_ID_SEC_LEVEL_INFO, value: new Uint8Array([3]) },
      ...ids.map(([tag, value]) => ({ tag, value: text(value) })),
    ];
    const chain = (await system.huks.attestKeyItem('k', { properties })).certChains!;
    opensslVerify(chain);
    const claims = claimsOf(chain[0]!);

    assert.deepEqual(claims.map((c) => c.oid), [
      O.CHALLENGE, O.KEY_ID, O.APPLICATION_ID, O.BRAND, O.SERIAL, O.IMEI, O.MODEL, O.UDID,
      O.SEC_LEVEL_INFO, O.VERSION_INFO, O.SECURE_SIGN_TYPE, O.KEY_FLAG, O.GROUP_ECDSA_SHA256,
    ]);
    assert.deepEqual(claims.map((c) => c.level), [0, 2, 2, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2]);
    assert.deepEqual(readOctetString(claim(claims, O.CHALLENGE).value), CHALLENGE);
    assert.deepEqual(readOctetString(claim(claims, O.KEY_ID).value), text('k'));
    assert.equal(readUtf8String(claim(claims, O.BRAND).value), 'OpenBrand');
    assert.equal(readUtf8String(claim(claims, O.IMEI).value), '356938035643809');
    assert.equal(readUtf8String(claim(claims, O.SERIAL).value), 'SN-42');
    assert.equal(readUtf8String(claim(claims, O.UDID).value), 'udid-1');
    assert.equal(readUtf8String(claim(claims, O.MODEL).value), DEVICE_MODEL);
    assert.deepEqual(readOctetString(claim(claims, O.SEC_LEVEL_INFO).value), new Uint8Array([3]));
    assert.deepEqual(readOctetString(claim(claims, O.VERSION_INFO).value), new Uint8Array([1, 2]));
  });

  it('the application id names the calling app (§5.3 JSON, keys in order)', async () => {
    const properties = [challengeParam(CHALLENGE)];
    const chain = (await ordinary.huks.anonAttestKeyItem('k', { properties })).certChains!;
    const app = readAppIdValue(claim(claimsOf(chain[0]!), O.APPLICATION_ID).value);
    assert.equal(app.kind, AppKindOid.APPLICATION);
    assert.equal(app.json, '{"appId":"com.example.plain","bundleName":"com.example.plain",' +
      '"appIdentifier":"","appMode":"debug"}');
  });

  it('without ID tags only the service\'s MODEL claim is present', async () => {
    const properties = [challengeParam(CHALLENGE)];
    const chain = (await ordinary.huks.attestKeyItem('k', { properties })).certChains!;
    const claims = claimsOf(chain[0]!);
    assert.deepEqual(claims.filter((c) => c.level === 3).map((c) => c.oid), [O.MODEL]);
    assert.equal(claims.some((c) => c.oid === O.KEY_ID), false);
  });
});

describe('application id of a system service (§5.3)', () => {
  const request = new ParamSet([
    { tag: T.HUKS_TAG_ATTESTATION_CHALLENGE, value: CHALLENGE },
  ]);
  const key = new ParamSet([{ tag: T.HUKS_TAG_ALGORITHM, value: A.HUKS_ALG_ECC }]);
  const appOf = (caller: AttestedCaller) =>
    readAppIdValue(claim(buildClaims(request, key, caller), O.APPLICATION_ID).value);

  it('system_basic service: process name and APL', () => {
    const app = appOf({ name: 'foundation', isSystem: true, isService: true });
    assert.equal(app.kind, AppKindOid.SYSTEM_SERVICE);
    assert.equal(app.json, '{"processName":"foundation","APL":"system_basic"}');
  });

  it('other services: both values empty', () => {
    const app = appOf({ name: 'svc', isSystem: false, isService: true });
    assert.equal(app.json, '{"processName":"","APL":""}');
  });
});

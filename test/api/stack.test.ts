import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import type { HuksNamespace, HuksParam } from '../../src/index.js';
import { tempHuks, type TempHuks } from '../helpers/instance.js';

// The api layer over the real keystore: what the fake-client tests assert, end to end.

let instance: TempHuks;
let huks: HuksNamespace;

before(() => {
  instance = tempHuks({ system: true });
  huks = instance.huks;
});

after(async () => {
  await instance.cleanup();
});

const gcm = (purpose: number, extra: HuksParam[]): HuksParam[] => [
  { tag: huks.HuksTag.HUKS_TAG_ALGORITHM, value: huks.HuksKeyAlg.HUKS_ALG_AES },
  { tag: huks.HuksTag.HUKS_TAG_PURPOSE, value: purpose },
  { tag: huks.HuksTag.HUKS_TAG_BLOCK_MODE, value: huks.HuksCipherMode.HUKS_MODE_GCM },
  { tag: huks.HuksTag.HUKS_TAG_PADDING, value: huks.HuksKeyPadding.HUKS_PADDING_NONE },
  ...extra,
];

test('AES-GCM round trip; HUKS_TAG_AAD and ASSOCIATED_DATA are the same AAD', async () => {
  const { HUKS_KEY_PURPOSE_ENCRYPT: ENC, HUKS_KEY_PURPOSE_DECRYPT: DEC } = huks.HuksKeyPurpose;
  await huks.generateKeyItem('gcm', {
    properties: [
      ...gcm(ENC | DEC, []).slice(0, 2),
      { tag: huks.HuksTag.HUKS_TAG_KEY_SIZE, value: huks.HuksKeySize.HUKS_AES_KEY_SIZE_256 },
    ],
  });
  const nonce = randomBytes(12);
  const aad = Uint8Array.from(Buffer.from('header'));
  const plain = Uint8Array.from(Buffer.from('attack at dawn'));

  const enc = gcm(ENC, [
    { tag: huks.HuksTag.HUKS_TAG_NONCE, value: nonce },
    { tag: huks.HuksTag.HUKS_TAG_AAD, value: aad },
  ]);
  const { handle } = await huks.initSession('gcm', { properties: enc });
  const sealed = (await huks.finishSession(handle, { properties: enc, inData: plain })).outData!;
  assert.equal(sealed.length, plain.length + 16);

  const dec = gcm(DEC, [
    { tag: huks.HuksTag.HUKS_TAG_NONCE, value: nonce },
    { tag: huks.HuksTag.HUKS_TAG_ASSOCIATED_DATA, value: aad },
    { tag: huks.HuksTag.HUKS_TAG_AE_TAG, value: sealed.subarray(plain.length) },
  ]);
  const session = await huks.initSession('gcm', { properties: dec });
  const update = await huks.updateSession(session.handle, {
    properties: dec,
    inData: sealed.subarray(0, plain.length),
  });
  const finish = await huks.finishSession(session.handle, { properties: dec });
  const opened = Buffer.concat([update.outData!, finish.outData!]);
  assert.equal(opened.toString(), 'attack at dawn');
});

test('properties, aliases and existence through the real store', async () => {
  const props = [
    { tag: huks.HuksTag.HUKS_TAG_ALGORITHM, value: huks.HuksKeyAlg.HUKS_ALG_HMAC },
    { tag: huks.HuksTag.HUKS_TAG_PURPOSE, value: huks.HuksKeyPurpose.HUKS_KEY_PURPOSE_MAC },
    { tag: huks.HuksTag.HUKS_TAG_KEY_SIZE, value: 256 },
    { tag: huks.HuksTag.HUKS_TAG_DIGEST, value: huks.HuksKeyDigest.HUKS_DIGEST_SHA256 },
  ];
  await huks.generateKeyItem('mac-ключ', { properties: props });

  const { properties } = await huks.getKeyItemProperties('mac-ключ', {});
  assert.ok(properties);
  for (const expected of props) {
    assert.ok(properties.some((p) => p.tag === expected.tag && p.value === expected.value));
  }
  for (const p of properties) {
    if ((p.tag & 0xf0000000) >>> 0 === huks.HuksTagType.HUKS_TAG_TYPE_BYTES) {
      assert.ok(p.value instanceof ArrayBuffer);
    }
  }

  const { keyAliases } = await huks.listAliases({});
  assert.ok(keyAliases.includes(Buffer.from('mac-ключ').toString('latin1')));
  assert.equal(await huks.hasKeyItem('mac-ключ', {}), true);
  assert.equal(await huks.isKeyItemExist('mac-ключ', {}), true);
  assert.equal(await huks.deleteKeyItem('mac-ключ', {}), null);
  assert.equal(await huks.hasKeyItem('mac-ключ', {}), false);
});

test('API 8 over the real stack: raw internal codes', async () => {
  const props = [
    { tag: huks.HuksTag.HUKS_TAG_ALGORITHM, value: huks.HuksKeyAlg.HUKS_ALG_AES },
    { tag: huks.HuksTag.HUKS_TAG_PURPOSE, value: huks.HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT },
    { tag: huks.HuksTag.HUKS_TAG_KEY_SIZE, value: 128 },
  ];
  assert.deepEqual(await huks.generateKey('v8', { properties: props }),
    { errorCode: 0, outData: null, properties: null });
  assert.equal(await huks.isKeyExist('v8', {}), true);
  assert.equal((await huks.deleteKey('v8', {})).errorCode, 0);
  assert.equal(await huks.isKeyExist('v8', {}), false);
  assert.deepEqual(await huks.deleteKey('v8', {}),
    { errorCode: huks.HuksErrorCode.HUKS_ERROR_NOT_EXIST, outData: null, properties: null });
});

test('a system app may act for another user: keys stay in that user\'s namespace', async () => {
  const props = [
    { tag: huks.HuksTag.HUKS_TAG_ALGORITHM, value: huks.HuksKeyAlg.HUKS_ALG_AES },
    { tag: huks.HuksTag.HUKS_TAG_PURPOSE, value: huks.HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT },
    { tag: huks.HuksTag.HUKS_TAG_KEY_SIZE, value: 128 },
  ];
  assert.equal(await huks.generateKeyItemAsUser(101, 'other-user', { properties: props }), null);
  assert.equal(await huks.hasKeyItemAsUser(101, 'other-user', {}), true);
  assert.equal(await huks.hasKeyItem('other-user', {}), false);
  assert.equal(await huks.deleteKeyItemAsUser(101, 'other-user', {}), null);
});

// SM2 interop with OpenSSL 3, both ways, through the public API: signatures with SM3 and the
// standard user ID "1234567812345678", GM/T 0009 ciphertexts, and the exported SPKI. An
// explicit user ID (which the JS API has no tag for) is checked on the signature module.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { HuksKeyPurpose as U } from '../../src/common/enums.js';
import { pointFromXY } from '../../src/core/crypto/sm2/curve.js';
import { signDigest, verifyDigest } from '../../src/core/crypto/sm2/signature.js';
import { messageDigest } from '../../src/core/crypto/sm2/sm3.js';
import { parseEcPkcs8 } from '../../src/core/keys/pkcs8.js';
import { decodeDerSignature, encodeDerSignature } from '../../src/core/keys/signature.js';
import { parseSpki } from '../../src/core/keys/spki.js';
import { tempHuks, type TempHuks } from '../helpers/instance.js';
import {
  codeOf, initProps, PAIR, session, sm2Material, sm2Props, SM3,
} from './helpers.js';
import { OpenSslDir, opensslHasSm2 } from './openssl.js';

const skip = opensslHasSm2() ? false : 'openssl on this machine has no SM2';
const DEFAULT_ID = 'distid:1234567812345678';
const message = new TextEncoder().encode('openhuks SM2 interop: the quick brown fox');

let t: TempHuks;
let ossl: OpenSslDir;
let point: ReturnType<typeof pointFromXY>;
let d: bigint;

before(async () => {
  t = tempHuks();
  ossl = new OpenSslDir();
  if (skip) return;
  ossl.must(['genpkey', '-algorithm', 'SM2', '-out', 'key.pem']);
  // PKCS #8 (pkey -outform DER would write the traditional ECPrivateKey).
  ossl.must(['pkcs8', '-topk8', '-nocrypt', '-in', 'key.pem', '-outform', 'DER', '-out',
    'key.der']);
  ossl.must(['pkey', '-in', 'key.pem', '-pubout', '-out', 'pub.pem']);
  ossl.must(['pkey', '-in', 'key.pem', '-pubout', '-outform', 'DER', '-out', 'pub.der']);
  const spki = parseSpki(ossl.read('pub.der'));
  assert.ok(spki.kind === 'ec' && spki.curve === 'SM2');
  const xy = spki.point;
  const z = parseEcPkcs8(ossl.read('key.der'));
  d = BigInt('0x' + Buffer.from(z).toString('hex'));
  point = pointFromXY(xy.subarray(1, 33), xy.subarray(33));
  const material = sm2Material(xy.subarray(1, 33), xy.subarray(33), z);
  const signVerify = U.HUKS_KEY_PURPOSE_SIGN | U.HUKS_KEY_PURPOSE_VERIFY;
  const cipher = U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT;
  await t.huks.importKeyItem('ossl-sign', { properties: sm2Props(signVerify, SM3, PAIR),
    inData: material });
  await t.huks.importKeyItem('ossl-cipher', { properties: sm2Props(cipher, SM3, PAIR),
    inData: material });
  await t.huks.importKeyItem('ossl-public', {
    properties: sm2Props(U.HUKS_KEY_PURPOSE_ENCRYPT, SM3), inData: ossl.read('pub.der'),
  });
});

after(async () => {
  ossl.cleanup();
  await t.cleanup();
});

const sign = (alias: string): Promise<Uint8Array> =>
  session(t.huks, alias, initProps(U.HUKS_KEY_PURPOSE_SIGN, SM3), message);
const verify = (alias: string, sig: Uint8Array): Promise<Uint8Array> =>
  session(t.huks, alias, initProps(U.HUKS_KEY_PURPOSE_VERIFY, SM3), message, sig);

test('openssl verifies openhuks SM2-SM3 signatures with the default user ID', { skip },
  async () => {
    ossl.write('msg', message);
    for (let i = 0; i < 3; i++) {
      ossl.write('sig', await sign('ossl-sign'));
      assert.ok(ossl.run(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in',
        'msg', '-sigfile', 'sig', '-digest', 'sm3', '-pkeyopt', DEFAULT_ID]));
    }
    // The same signature is not valid under another ID: Z really is part of the hash.
    assert.equal(ossl.run(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in',
      'msg', '-sigfile', 'sig', '-digest', 'sm3', '-pkeyopt', 'distid:someone-else']), false);
  });

test('openhuks verifies OpenSSL SM2-SM3 signatures and refuses a changed one', { skip },
  async () => {
    ossl.write('msg', message);
    ossl.must(['pkeyutl', '-sign', '-inkey', 'key.pem', '-rawin', '-in', 'msg', '-digest', 'sm3',
      '-pkeyopt', DEFAULT_ID, '-out', 'ossl.sig']);
    const sig = ossl.read('ossl.sig');
    await verify('ossl-sign', sig);
    const pair = decodeDerSignature(sig);
    const changed = encodeDerSignature({ r: pair.r, s: pair.s ^ 1n });
    assert.equal(await codeOf(verify('ossl-sign', changed)), 12000006);
  });

test('openssl decrypts openhuks SM2 ciphertexts (C1C3C2 DER)', { skip }, async () => {
  const sealed = await session(t.huks, 'ossl-public', initProps(U.HUKS_KEY_PURPOSE_ENCRYPT, SM3),
    new Uint8Array(0), message);
  ossl.write('ct', sealed);
  ossl.must(['pkeyutl', '-decrypt', '-inkey', 'key.pem', '-in', 'ct', '-out', 'pt']);
  assert.deepEqual(ossl.read('pt'), message);
});

test('openhuks decrypts OpenSSL SM2 ciphertexts', { skip }, async () => {
  ossl.write('msg', message);
  for (let i = 0; i < 3; i++) {
    ossl.must(['pkeyutl', '-encrypt', '-pubin', '-inkey', 'pub.pem', '-in', 'msg', '-out', 'ct']);
    const opened = await session(t.huks, 'ossl-cipher',
      initProps(U.HUKS_KEY_PURPOSE_DECRYPT, SM3), ossl.read('ct'));
    assert.deepEqual(opened, message);
  }
});

test('a generated key exports an SPKI that openssl reads and verifies with', { skip },
  async () => {
    const signVerify = U.HUKS_KEY_PURPOSE_SIGN | U.HUKS_KEY_PURPOSE_VERIFY;
    await t.huks.generateKeyItem('generated', { properties: sm2Props(signVerify, SM3) });
    const spki = (await t.huks.exportKeyItem('generated', { properties: [] })).outData!;
    assert.equal(spki.length, 91);
    assert.equal(Buffer.from(spki.subarray(0, 27)).toString('hex'),
      '3059301306072a8648ce3d020106082a811ccf5501822d03420004');
    ossl.write('gen.der', spki);
    ossl.must(['pkey', '-pubin', '-inform', 'DER', '-in', 'gen.der', '-out', 'gen.pem']);
    ossl.write('msg', message);
    ossl.write('sig', await sign('generated'));
    assert.ok(ossl.run(['pkeyutl', '-verify', '-pubin', '-inkey', 'gen.pem', '-rawin', '-in',
      'msg', '-sigfile', 'sig', '-digest', 'sm3', '-pkeyopt', DEFAULT_ID]));
  });

test('an explicit user ID: the signature module and openssl agree both ways', { skip }, () => {
  const id = 'ALICE123@YAHOO.COM';
  const idBytes = new TextEncoder().encode(id);
  ossl.write('msg', message);
  ossl.write('sig', encodeDerSignature(signDigest(d, messageDigest(point!, message, idBytes))));
  assert.ok(ossl.run(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'msg',
    '-sigfile', 'sig', '-digest', 'sm3', '-pkeyopt', `distid:${id}`]));
  ossl.must(['pkeyutl', '-sign', '-inkey', 'key.pem', '-rawin', '-in', 'msg', '-digest', 'sm3',
    '-pkeyopt', `distid:${id}`, '-out', 'id.sig']);
  const pair = decodeDerSignature(ossl.read('id.sig'));
  assert.ok(verifyDigest(point!, messageDigest(point!, message, idBytes), pair));
  assert.equal(verifyDigest(point!, messageDigest(point!, message), pair), false);
});

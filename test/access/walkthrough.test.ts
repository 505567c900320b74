// The README walkthrough ("Testing a key bound to user authentication"), step by step: a key
// bound to the PIN with a 60-second window, used
// once after authenticating, then permanently invalidated by clearing the PIN. Runs in process
// and through the daemon (HUKS_TEST_TARGET=daemon) like every suite.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';

import {
  HuksAuthAccessType, HuksChallengeType, HuksKeyAlg, HuksKeyDigest, HuksKeyPurpose, HuksTag,
  HuksUserAuthType, type HuksParam,
} from '../../src/index.js';
import { openIam } from '../../src/iam/index.js';
import { tempHuks } from '../helpers/instance.js';

const temp = tempHuks();
after(() => temp.cleanup());

it('walkthrough: PIN key, 60 s window, authenticate, finish, clear PIN -> 12000007', async () => {
  const huks = temp.huks;

  // 1. Enrol a PIN for the device's user (100), and freeze the device clock for the test.
  const iam = openIam({ home: temp.home });
  iam.setPin('123456');
  iam.setClock(5_000_000);

  // 2. A key usable for 60 s after a PIN authentication.
  const use: HuksParam[] = [
    { tag: HuksTag.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_HMAC },
    { tag: HuksTag.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_MAC },
    { tag: HuksTag.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
  ];
  await huks.generateKeyItem('payment-mac', {
    properties: [
      ...use,
      { tag: HuksTag.HUKS_TAG_KEY_SIZE, value: 256 },
      { tag: HuksTag.HUKS_TAG_USER_AUTH_TYPE, value: HuksUserAuthType.HUKS_USER_AUTH_TYPE_PIN },
      {
        tag: HuksTag.HUKS_TAG_KEY_AUTH_ACCESS_TYPE,
        value: HuksAuthAccessType.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD,
      },
      { tag: HuksTag.HUKS_TAG_CHALLENGE_TYPE, value: HuksChallengeType.HUKS_CHALLENGE_TYPE_NONE },
      { tag: HuksTag.HUKS_TAG_AUTH_TIMEOUT, value: 60 },
    ],
  });

  // 3. init: a NONE key returns no challenge; the token's time must be within 60 s of init.
  const session = await huks.initSession('payment-mac', { properties: use });
  assert.equal(session.challenge, undefined);

  // 4. The user types the PIN 20 seconds later; UserIAM issues the token.
  iam.advanceClock(20_000);
  const token = iam.authenticate(new Uint8Array(32), 'pin', '123456');
  assert.equal(token.length, 280);

  // 5. finish with the token: the MAC comes out.
  const data = new TextEncoder().encode('order 42');
  const mac = await huks.finishSession(session.handle, { properties: use, inData: data }, token);
  assert.equal(mac.outData?.length, 32);

  // 6. The user removes the lock-screen password (and sets a new one): the key is gone for good.
  iam.clearPin();
  iam.setPin('654321');
  const again = await huks.initSession('payment-mac', { properties: use });
  const fresh = iam.authenticate(new Uint8Array(32), 'pin', '654321');
  await assert.rejects(
    huks.finishSession(again.handle, { properties: use, inData: data }, fresh),
    { code: 12000007, message: 'This credential is invalidated permanently.' },
  );
  iam.setClock(undefined);
});

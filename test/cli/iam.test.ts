// `huks iam`: the identity service from the shell, on the same data directory as a keystore in
// this process; the token it prints verifies in finishSession.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { readTokenHeader } from '../../src/iam/auth-token.js';
import { MAC_USE, pinKey } from '../access/helpers.js';
import { tempHuks, type TempHuks } from '../helpers/instance.js';
import { huks, huksOk } from './helpers.js';

describe('huks iam', () => {
  let t: TempHuks;
  before(() => {
    t = tempHuks();
  });
  after(() => t.cleanup());

  it('enrols, reports the state, and issues a token the keystore accepts', async () => {
    await huksOk(t.home, 'iam', 'pin', 'set', '123456');
    await huksOk(t.home, 'iam', 'finger', 'add', 'thumb');
    const status = JSON.parse((await huksOk(t.home, '--json', 'iam', 'status')).stdout);
    assert.equal(status.pinSet, true);
    assert.deepEqual(status.fingerprints, ['thumb']);
    assert.match(status.enrolledIds.fingerprint, /^[0-9a-f]{16}$/);

    await t.huks.generateKeyItem('k', { properties: pinKey() });
    const s = await t.huks.initSession('k', { properties: MAC_USE });
    const hex = Buffer.from(s.challenge!).toString('hex');
    await huksOk(t.home, 'iam', 'clock', 'set', '9000');
    const printed = (await huksOk(t.home, 'iam', 'auth', '--challenge', hex, '--pin', '123456'))
      .stdout.trim();
    assert.match(printed, /^[0-9a-f]{560}$/);
    const token = new Uint8Array(Buffer.from(printed, 'hex'));
    assert.equal(readTokenHeader(token).time, 9000n);
    const out = await t.huks.finishSession(s.handle, { properties: MAC_USE,
      inData: new Uint8Array(8) }, token);
    assert.equal(out.outData?.length, 32);
    await huksOk(t.home, 'iam', 'clock', 'real');
  });

  it('a wrong PIN prints no token and exits 1; bad usage exits 2', async () => {
    const wrong = await huks(t.home, 'iam', 'auth', '--challenge', '00', '--pin', '000000');
    assert.equal(wrong.status, 1);
    assert.equal(wrong.stdout, '');
    assert.match(wrong.stderr, /iam WRONG_CREDENTIAL/);
    const both = await huks(t.home, 'iam', 'auth', '--challenge', '00', '--pin', '1',
      '--face', 'me');
    assert.equal(both.status, 2);
  });

  it('switches the service off and on', async () => {
    await huksOk(t.home, 'iam', 'available', 'off');
    const refused = await huks(t.home, 'iam', 'auth', '--challenge', '00', '--pin', '123456');
    assert.match(refused.stderr, /iam UNAVAILABLE/);
    await huksOk(t.home, 'iam', 'available', 'on');
    await huksOk(t.home, 'iam', 'pin', 'clear');
    assert.equal(JSON.parse((await huksOk(t.home, '--json', 'iam', 'status')).stdout).pinSet,
      false);
  });
});

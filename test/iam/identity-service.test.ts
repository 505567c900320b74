import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { IamQueryError } from '../../src/core/access/iam-port.js';
import {
  AUTH_TOKEN_SIZE, openTokenSecret, readTokenHeader, tokenMacMatches,
} from '../../src/iam/auth-token.js';
import { IamAuthType } from '../../src/iam/auth-types.js';
import { IamError, openIam } from '../../src/iam/index.js';

const homes: string[] = [];
function freshHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'openhuks-iam-'));
  homes.push(home);
  return home;
}
after(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

function refusedWith(code: string) {
  return (err: unknown) => err instanceof IamError && err.code === code;
}

describe('identity service: enrolment state (access-control.md §9.2)', () => {
  it('a PIN change keeps the secure UID; clear and set again gives a new one', () => {
    const iam = openIam({ home: freshHome() });
    assert.equal(iam.status().pinSet, false);
    iam.setPin('1234');
    const first = iam.status().secureUid;
    assert.match(first ?? '', /^[0-9a-f]{16}$/);
    iam.changePin('1234', '5678');
    assert.equal(iam.status().secureUid, first);
    iam.clearPin();
    assert.equal(iam.status().secureUid, undefined);
    iam.setPin('5678');
    assert.notEqual(iam.status().secureUid, first);
  });

  it('a second setPin, a change with the wrong PIN and a clear without PIN are refused', () => {
    const iam = openIam({ home: freshHome() });
    assert.throws(() => iam.clearPin(), refusedWith('PIN_NOT_SET'));
    iam.setPin('1234');
    assert.throws(() => iam.setPin('9999'), refusedWith('ALREADY_EXISTS'));
    assert.throws(() => iam.changePin('0000', '9999'), refusedWith('WRONG_CREDENTIAL'));
  });

  it('enrolling a finger changes the fingerprint enrolled id, deleting one does not', () => {
    const iam = openIam({ home: freshHome() });
    assert.throws(() => iam.enrollFingerprint('thumb'), refusedWith('PIN_NOT_SET'));
    iam.setPin('1234');
    iam.enrollFingerprint('thumb');
    const afterThumb = iam.status().enrolledIds.fingerprint;
    iam.enrollFingerprint('index');
    const afterIndex = iam.status().enrolledIds.fingerprint;
    assert.notEqual(afterIndex, afterThumb);
    iam.removeFingerprint('thumb');
    assert.equal(iam.status().enrolledIds.fingerprint, afterIndex);
    assert.deepEqual(iam.status().fingerprints, ['index']);
    assert.throws(() => iam.removeFingerprint('thumb'), refusedWith('NOT_ENROLLED'));
    assert.throws(() => iam.enrollFingerprint('index'), refusedWith('ALREADY_EXISTS'));
  });

  it('clearing the PIN removes the biometrics too', () => {
    const iam = openIam({ home: freshHome() });
    iam.setPin('1234');
    iam.enrollFace('me');
    iam.enrollFingerprint('thumb');
    iam.clearPin();
    const status = iam.status();
    assert.deepEqual([status.faces, status.fingerprints], [[], []]);
    assert.deepEqual(status.enrolledIds, {});
  });

  it('users are separate', () => {
    const iam = openIam({ home: freshHome() });
    iam.setPin('1234', { userId: 101 });
    assert.equal(iam.status({ userId: 100 }).pinSet, false);
    assert.equal(iam.status({ userId: 101 }).pinSet, true);
    assert.equal(iam.credentialCount(101, IamAuthType.PIN), 1);
    assert.equal(iam.credentialCount(100, IamAuthType.PIN), 0);
  });

  it('the state survives a new service object on the same home', () => {
    const home = freshHome();
    openIam({ home }).setPin('1234');
    openIam({ home }).enrollFace('me');
    const status = openIam({ home }).status();
    assert.equal(status.pinSet, true);
    assert.deepEqual(status.faces, ['me']);
  });
});

describe('identity service: authentication and tokens (§9.3)', () => {
  it('issues a 280-byte token whose fields match the user and credential', () => {
    const home = freshHome();
    const iam = openIam({ home });
    iam.setPin('1234', { userId: 100 });
    iam.setClock(7_500);
    const challenge = new Uint8Array(32).fill(0xab);
    const token = iam.authenticate(challenge, 'pin', '1234');
    assert.equal(token.length, AUTH_TOKEN_SIZE);

    const keys = openIam({ home }).tokenKeys();
    assert.ok(tokenMacMatches(token, keys));
    const header = readTokenHeader(token);
    assert.deepEqual(header.challenge, challenge);
    assert.equal(header.time, 7_500n);
    assert.equal(header.authType, IamAuthType.PIN);
    assert.equal(header.trustLevel, 30000);
    assert.equal(header.tokenType, 0);
    const secret = openTokenSecret(token, keys);
    assert.equal(secret?.userId, 100);
    assert.equal(secret?.secureUid.toString(16).padStart(16, '0'), iam.status().secureUid);
    assert.equal(secret?.enrolledId.toString(16).padStart(16, '0'), iam.status().enrolledIds.pin);
  });

  it('a short challenge is zero-padded; more than 32 bytes is refused', () => {
    const iam = openIam({ home: freshHome() });
    iam.setPin('1234');
    const token = iam.authenticate(Uint8Array.of(1, 2, 3), 'pin', '1234');
    const expected = new Uint8Array(32);
    expected.set([1, 2, 3]);
    assert.deepEqual(readTokenHeader(token).challenge, expected);
    assert.throws(() => iam.authenticate(new Uint8Array(33), 'pin', '1234'),
      refusedWith('INVALID'));
  });

  it('a wrong PIN or an unknown finger gets no token', () => {
    const iam = openIam({ home: freshHome() });
    assert.throws(() => iam.authenticate(new Uint8Array(32), 'pin', '1234'),
      refusedWith('WRONG_CREDENTIAL'));
    iam.setPin('1234');
    iam.enrollFingerprint('thumb');
    assert.throws(() => iam.authenticate(new Uint8Array(32), 'pin', '4321'),
      refusedWith('WRONG_CREDENTIAL'));
    assert.throws(() => iam.authenticate(new Uint8Array(32), 'fingerprint', 'index'),
      refusedWith('WRONG_CREDENTIAL'));
    const token = iam.authenticate(new Uint8Array(32), 'fingerprint', 'thumb');
    assert.equal(readTokenHeader(token).authType, IamAuthType.FINGERPRINT);
  });

  it('switched off, it issues nothing and its queries fail', () => {
    const iam = openIam({ home: freshHome() });
    iam.setPin('1234');
    iam.setAvailable(false);
    assert.equal(iam.isAvailable(), false);
    assert.throws(() => iam.authenticate(new Uint8Array(32), 'pin', '1234'),
      refusedWith('UNAVAILABLE'));
    assert.throws(() => iam.credentialCount(100, IamAuthType.PIN),
      (e: unknown) => e instanceof IamQueryError && e.reason === 'failed');
    assert.throws(() => iam.securityInfo(100),
      (e: unknown) => e instanceof IamQueryError && e.reason === 'failed');
    iam.setAvailable(true);
    assert.equal(iam.securityInfo(100).enrolled.length, 1);
  });

  it('security info without a PIN is "no credential"', () => {
    const iam = openIam({ home: freshHome() });
    assert.throws(() => iam.securityInfo(100),
      (e: unknown) => e instanceof IamQueryError && e.reason === 'no-credential');
  });
});

describe('identity service: device clock and AT keys', () => {
  it('a frozen clock moves only when advanced; the real clock comes back', () => {
    const iam = openIam({ home: freshHome() });
    iam.setClock(1_000_000);
    assert.equal(iam.now(), 1_000_000);
    iam.advanceClock(61_000);
    assert.equal(iam.now(), 1_061_000);
    iam.setClock(undefined);
    const real = Number(process.hrtime.bigint() / 1_000_000n);
    assert.ok(Math.abs(iam.now() - real) < 1_000);
    iam.advanceClock(10_000_000);
    assert.ok(iam.now() - real >= 10_000_000);
  });

  it('the AT keys are one private file per home, shared by every service object', () => {
    const home = freshHome();
    const a = openIam({ home }).tokenKeys();
    const b = openIam({ home }).tokenKeys();
    assert.deepEqual(a, b);
    assert.equal(statSync(join(home, 'iam', 'at-keys')).mode & 0o777, 0o600);
    assert.notDeepEqual(openIam({ home: freshHome() }).tokenKeys(), a);
  });
});

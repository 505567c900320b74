// App identity through the daemon: two apps with the same alias, each in its own namespace;
// tokens; removal; the session limit shared by all apps (sessions.md §5).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { HuksKeyAlg, HuksKeyDigest, HuksKeyPurpose, HuksTag } from '../../src/common/enums.js';
import { removeApp } from '../../src/daemon/admin.js';
import { createHuks, type HuksNamespace } from '../../src/index.js';
import {
  aesKey, cbc, inProcessDaemon, rejectsWithCode, roundTrip, type TestDaemon,
} from './helpers.js';

const PLAIN = new Uint8Array(24).fill(5);
const EMPTY = { properties: [] };

describe('two apps, one alias', () => {
  let d: TestDaemon;
  let a: HuksNamespace;
  let b: HuksNamespace;
  before(async () => {
    d = await inProcessDaemon();
    a = d.client('com.example.a');
    b = d.client('com.example.b');
    await a.generateKeyItem('shared', { properties: aesKey() });
  });
  after(() => d.cleanup());

  it('B cannot read, use, export, delete or list A\'s key', async () => {
    assert.equal(await b.hasKeyItem('shared', EMPTY), false);
    await rejectsWithCode(b.isKeyItemExist('shared', EMPTY), 12000011);
    await rejectsWithCode(b.getKeyItemProperties('shared', EMPTY), 12000011);
    await rejectsWithCode(b.exportKeyItem('shared', EMPTY), 12000011);
    await rejectsWithCode(b.initSession('shared', { properties: cbc() }), 12000011);
    await rejectsWithCode(b.deleteKeyItem('shared', EMPTY), 12000011);
    assert.deepEqual(await b.listAliases(EMPTY), { keyAliases: [] });
    assert.deepEqual(await a.listAliases(EMPTY), { keyAliases: ['shared'] });
    assert.deepEqual(await roundTrip(a, 'shared', PLAIN), PLAIN);
  });

  it('B cannot attest A\'s key: the alias does not exist for B', async () => {
    await a.generateKeyItem('signer', { properties: eccKey() });
    const challenge = { tag: HuksTag.HUKS_TAG_ATTESTATION_CHALLENGE, value: new Uint8Array(16) };
    const options = { properties: [challenge] };
    await rejectsWithCode(b.attestKeyItem('signer', options), 12000011);
    // A reaches past the look-up (to a certificate, or to whatever attestation answers).
    assert.notEqual(await codeOf(a.attestKeyItem('signer', options)), 12000011);
  });

  it('the same alias in B is B\'s own key', async () => {
    await b.generateKeyItem('shared', { properties: aesKey() });
    const sealedA = await encrypt(a, 'shared');
    const sealedB = await encrypt(b, 'shared');
    assert.notDeepEqual(sealedA, sealedB);
    await b.deleteKeyItem('shared', EMPTY);
    assert.equal(await a.hasKeyItem('shared', EMPTY), true);
  });

  it('B cannot continue, finish or abort A\'s session', async () => {
    const { handle } = await a.initSession('shared', { properties: cbc() });
    const step = { properties: cbc(), inData: PLAIN };
    await rejectsWithCode(b.updateSession(handle, step), 12000011);
    await rejectsWithCode(b.finishSession(handle, step), 12000011);
    assert.equal(await b.abortSession(handle, EMPTY), null);
    const out = await a.finishSession(handle, step);
    assert.equal(out!.outData!.length, 32);
  });

  it('an unknown token is refused with 12000005', async () => {
    const stranger = createHuks({ socket: d.daemon.socketPath, appToken: 'hk1_not-a-token' });
    await rejectsWithCode(stranger.hasKeyItem('shared', EMPTY), 12000005,
      'IPC initialization failed.');
    await stranger.close();
  });

  it('*AsUser needs a system app, as in process (202), before any other check', async () => {
    await rejectsWithCode(b.generateKeyItemAsUser(101, 'x', { properties: aesKey() }), 202);
    const sys = d.client('com.example.system', { isSystem: true });
    await sys.generateKeyItemAsUser(101, 'x', { properties: aesKey() });
    assert.equal(await sys.hasKeyItemAsUser(101, 'x', EMPTY), true);
    assert.equal(await sys.hasKeyItem('x', EMPTY), false);
  });
});

describe('removing an app', () => {
  let d: TestDaemon;
  before(async () => {
    d = await inProcessDaemon();
  });
  after(() => d.cleanup());

  it('deletes its keys and sessions; its token is refused afterwards', async () => {
    const gone = d.client('com.example.gone');
    const stays = d.client('com.example.stays');
    await gone.generateKeyItem('k', { properties: aesKey() });
    await stays.generateKeyItem('k', { properties: aesKey() });
    await gone.initSession('k', { properties: cbc() });
    await gone.initSession('k', { properties: cbc() });
    assert.equal(d.daemon.service.sessionCount, 2);

    const { keys } = removeApp(d.home, 'com.example.gone');
    assert.equal(keys, 1);
    // The next request of anyone reconciles the registry; the app's connection is ended.
    assert.equal(await stays.hasKeyItem('k', EMPTY), true);
    assert.equal(d.daemon.service.sessionCount, 0);
    await rejectsWithCode(gone.hasKeyItem('k', EMPTY), 12000005);

    // Registered again, the bundle starts empty.
    const again = d.client('com.example.gone');
    assert.equal(await again.hasKeyItem('k', EMPTY), false);
  });
});

describe('session limit across apps (api9: 15 in total)', () => {
  let d: TestDaemon;
  before(async () => {
    d = await inProcessDaemon();
  });
  after(() => d.cleanup());

  it('15 sessions held by two apps: a third app\'s init is 12000010', async () => {
    const names = ['com.example.one', 'com.example.two', 'com.example.three'];
    const apps = names.map((n) => d.client(n));
    for (const app of apps) await app.generateKeyItem('k', { properties: aesKey() });
    const held: { app: HuksNamespace; handle: number }[] = [];
    for (let i = 0; i < 15; i++) {
      const app = apps[i % 2]!;
      held.push({ app, handle: (await app.initSession('k', { properties: cbc() })).handle });
    }
    await rejectsWithCode(apps[2]!.initSession('k', { properties: cbc() }), 12000010,
      'The number of key operation sessions has reached the limit.');
    await held[0]!.app.abortSession(held[0]!.handle, EMPTY);
    const third = await apps[2]!.initSession('k', { properties: cbc() });
    await apps[2]!.abortSession(third.handle, EMPTY);
  });

  it('a client that disconnects has its sessions aborted', async () => {
    const before = d.daemon.service.sessionCount;
    const leaving = d.client('com.example.leaving');
    await leaving.generateKeyItem('k', { properties: aesKey() });
    await leaving.initSession('k', { properties: cbc() });
    assert.equal(d.daemon.service.sessionCount, before + 1);
    await leaving.close();
    assert.equal(d.daemon.service.sessionCount, before);
  });
});

async function encrypt(huks: HuksNamespace, alias: string) {
  const { handle } = await huks.initSession(alias, { properties: cbc() });
  const out = await huks.finishSession(handle, { properties: cbc(), inData: PLAIN });
  return out!.outData!;
}

/** The error code of a call, or 0 when it succeeds. */
async function codeOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 0;
  } catch (err) {
    return (err as { code: number }).code;
  }
}

function eccKey() {
  return [
    { tag: HuksTag.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_ECC },
    { tag: HuksTag.HUKS_TAG_KEY_SIZE, value: 256 },
    {
      tag: HuksTag.HUKS_TAG_PURPOSE,
      value: HuksKeyPurpose.HUKS_KEY_PURPOSE_SIGN | HuksKeyPurpose.HUKS_KEY_PURPOSE_VERIFY,
    },
    { tag: HuksTag.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
  ];
}

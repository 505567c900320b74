import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { HuksTag } from '../../src/common/enums.js';
import { HksErr } from '../../src/errors/failure.js';
import { FAIL_BYTE } from './doubles.js';
import {
  aesParams,
  alice,
  bob,
  bytes,
  encryptInit,
  params,
  rejectsWith,
  setup,
} from './service-helpers.js';
import type { Caller } from '../../src/service/types.js';
import type { LocalKeystoreService } from '../../src/service/keystore-service.js';

const data = Uint8Array.of(1, 2, 3);
const failing = Uint8Array.of(FAIL_BYTE);
const ENGINE = HksErr.CRYPTO_ENGINE_ERROR;

/** Opens `count` sessions of the caller on key 'k' and returns their handles. */
async function openMany(service: LocalKeystoreService, caller: Caller, count: number) {
  const handles: number[] = [];
  for (let i = 0; i < count; i++) {
    handles.push((await service.initSession(caller, bytes('k'), encryptInit)).handle);
  }
  return handles;
}

async function withKey(policy: 'api9' | 'current' = 'api9', drawHandle?: () => number) {
  const ctx = setup(policy, drawHandle);
  for (const caller of [alice, bob]) await ctx.service.generateKey(caller, bytes('k'), aesParams);
  return ctx;
}

describe('session limits, api9 policy', () => {
  it('15 open sessions, the 16th init is -39, finishing one frees a slot', async () => {
    const { service, core } = await withKey();
    const handles = await openMany(service, alice, 15);
    assert.equal(new Set(handles).size, 15);
    await rejectsWith(service.initSession(bob, bytes('k'), encryptInit), -39);
    // The refused operation was disposed, nothing was evicted.
    assert.equal(core.disposed, 1);
    for (const h of handles) await service.updateSession(alice, h, params(), data);

    await service.finishSession(alice, handles[0]!, params(), data);
    const again = await service.initSession(bob, bytes('k'), encryptInit);
    await rejectsWith(service.initSession(alice, bytes('k'), encryptInit), -39);
    await service.abortSession(bob, again.handle, params());
    await service.initSession(alice, bytes('k'), encryptInit);
  });
});

describe('session limits, current policy', () => {
  it('40 inits of one app: all succeed, the first 8 are evicted', async () => {
    const { service } = await withKey('current');
    const handles = await openMany(service, alice, 40);
    for (const h of handles.slice(0, 8)) {
      await rejectsWith(service.updateSession(alice, h, params(), data), -13);
      await rejectsWith(service.finishSession(alice, h, params(), data), -13);
      await service.abortSession(alice, h, params());
    }
    for (const h of handles.slice(8)) await service.updateSession(alice, h, params(), data);
    assert.equal(service.sessionCount, 32);
  });

  it('the global cap of 96 evicts the oldest session of any app', async () => {
    const { service } = setup('current');
    const apps = [0, 1, 2, 3].map((i) => ({ ...alice, app: `app${i}`, uid: 20010100 + i }));
    for (const app of apps) await service.generateKey(app, bytes('k'), aesParams);
    const first: number[] = [];
    for (const app of apps.slice(0, 3)) {
      first.push(...(await openMany(service, app, 32)));
    }
    assert.equal(service.sessionCount, 96);
    await service.initSession(apps[3]!, bytes('k'), encryptInit);
    assert.equal(service.sessionCount, 96);
    await rejectsWith(service.updateSession(apps[0]!, first[0]!, params(), data), -13);
    await service.updateSession(apps[0]!, first[1]!, params(), data);
  });

  it('a failed init evicts nothing', async () => {
    const { service } = await withKey('current');
    const handles = await openMany(service, alice, 32);
    const twoPurposes = encryptInit.with({ tag: HuksTag.HUKS_TAG_PURPOSE, value: 3 });
    await rejectsWith(service.initSession(alice, bytes('k'), twoPurposes), -3);
    await rejectsWith(service.initSession(alice, bytes('missing'), encryptInit), -13);
    for (const h of handles) await service.updateSession(alice, h, params(), data);
  });
});

describe('handles and owners', () => {
  it('another caller\'s handle is not found and the session stays intact', async () => {
    const { service } = await withKey();
    const { handle } = await service.initSession(alice, bytes('k'), encryptInit);
    await rejectsWith(service.updateSession(bob, handle, params(), data), -13);
    await rejectsWith(service.finishSession(bob, handle, params(), data), -13);
    await service.abortSession(bob, handle, params());
    const otherUser = { ...alice, userId: 101 };
    await rejectsWith(service.finishSession(otherUser, handle, params(), data), -13);
    await service.updateSession(alice, handle, params(), data);
    await service.finishSession(alice, handle, params(), data);
  });

  it('the same uid and user under another app identity is -2, session kept', async () => {
    const { service } = await withKey();
    const { handle } = await service.initSession(alice, bytes('k'), encryptInit);
    const twin = { ...alice, app: 'com.example.twin' };
    await rejectsWith(service.updateSession(twin, handle, params(), data), HksErr.BAD_STATE);
    await service.updateSession(alice, handle, params(), data);
  });

  it('reads handles as the binding does: truncated, out of range matches nothing', async () => {
    const { service } = await withKey();
    const { handle } = await service.initSession(alice, bytes('k'), encryptInit);
    await service.updateSession(alice, handle + 0.75, params(), data);
    for (const bad of [Number.NaN, -1, 2 ** 64, Infinity]) {
      await rejectsWith(service.updateSession(alice, bad, params(), data), -13);
    }
  });

  it('redraws colliding handles at most 10 times, then -1 (12000012)', async () => {
    let draws = 0;
    const { service } = await withKey('api9', () => {
      draws++;
      return 7;
    });
    assert.equal((await service.initSession(alice, bytes('k'), encryptInit)).handle, 7);
    draws = 0;
    await rejectsWith(service.initSession(alice, bytes('k'), encryptInit), HksErr.FAILURE);
    assert.equal(draws, 10);
    await service.updateSession(alice, 7, params(), data);
  });

  it('a busy session reads as not found and the running call is unaffected', async () => {
    const { service, core } = await withKey();
    const { handle } = await service.initSession(alice, bytes('k'), encryptInit);
    const nested: Promise<unknown>[] = [];
    core.onUpdate = () => {
      core.onUpdate = undefined;
      nested.push(service.updateSession(alice, handle, params(), data));
      nested.push(service.finishSession(alice, handle, params(), data));
      nested.push(service.abortSession(alice, handle, params()));
    };
    const out = await service.updateSession(alice, handle, params(), data);
    assert.equal(out.length, 3);
    await rejectsWith(nested[0]!, -13);
    await rejectsWith(nested[1]!, -13);
    await nested[2];
    await service.finishSession(alice, handle, params(), data);
  });
});

describe('session life cycle', () => {
  it('an update failure ends the session, a successful update keeps it', async () => {
    const { service, core } = await withKey();
    const { handle } = await service.initSession(alice, bytes('k'), encryptInit);
    await service.updateSession(alice, handle, params(), data);
    await rejectsWith(service.updateSession(alice, handle, params(), failing), ENGINE);
    assert.equal(core.disposed, 1);
    await rejectsWith(service.updateSession(alice, handle, params(), data), -13);
  });

  it('any finish ends the session', async () => {
    const { service, core } = await withKey();
    const a = await service.initSession(alice, bytes('k'), encryptInit);
    const b = await service.initSession(alice, bytes('k'), encryptInit);
    await service.finishSession(alice, a.handle, params(), data);
    await rejectsWith(service.finishSession(alice, b.handle, params(), failing), ENGINE);
    assert.equal(core.disposed, 2);
    await rejectsWith(service.finishSession(alice, a.handle, params(), data), -13);
    await rejectsWith(service.updateSession(alice, b.handle, params(), data), -13);
    assert.equal(service.sessionCount, 0);
  });

  it('abort: unknown handles succeed, the session ends, bad params still remove it', async () => {
    const { service } = await withKey();
    await service.abortSession(alice, 12345, params());
    const a = await service.initSession(alice, bytes('k'), encryptInit);
    await service.abortSession(alice, a.handle, params());
    await rejectsWith(service.updateSession(alice, a.handle, params(), data), -13);
    await service.abortSession(alice, a.handle, params());

    const b = await service.initSession(alice, bytes('k'), encryptInit);
    const purpose = { tag: HuksTag.HUKS_TAG_PURPOSE, value: 1 };
    const dup = params(purpose, purpose);
    await rejectsWith(service.abortSession(alice, b.handle, dup), -3);
    assert.equal(service.sessionCount, 0);
  });

  it('malformed update/finish params are -3 and leave the session open', async () => {
    const { service } = await withKey();
    const { handle } = await service.initSession(alice, bytes('k'), encryptInit);
    const unknown = params({ tag: 0x20000000 | 4242, value: 1 });
    await rejectsWith(service.updateSession(alice, handle, unknown, data), -3);
    await rejectsWith(service.finishSession(alice, handle, unknown, data), -3);
    await service.finishSession(alice, handle, params(), data);
  });

  it('keeps using its own key copy after the key is deleted or replaced', async () => {
    const { service } = await withKey();
    const before = await service.initSession(alice, bytes('k'), encryptInit);
    const reference = await service.initSession(alice, bytes('k'), encryptInit);
    const expected = await service.finishSession(alice, reference.handle, params(), data);

    await service.deleteKey(alice, bytes('k'), params());
    await rejectsWith(service.initSession(alice, bytes('k'), encryptInit), -13);
    await service.generateKey(alice, bytes('k'), aesParams);
    await service.updateSession(alice, before.handle, params(), data);
    assert.deepEqual(await service.finishSession(alice, before.handle, params(), data), expected);
  });

  it('stores a key a finish hands back, honouring KEY_OVERRIDE', async () => {
    const { service } = await withKey();
    const target = { tag: HuksTag.HUKS_TAG_KEY_ALIAS, value: bytes('derived') };
    const a = await service.initSession(alice, bytes('k'), encryptInit);
    assert.equal((await service.finishSession(alice, a.handle, params(target), data)).length, 0);
    const props = await service.getKeyProperties(alice, bytes('derived'), params());
    assert.equal(props.getNumber(HuksTag.HUKS_TAG_USER_ID), 100);

    const b = await service.initSession(alice, bytes('k'), encryptInit);
    const keep = { tag: HuksTag.HUKS_TAG_KEY_OVERRIDE, value: false };
    await rejectsWith(service.finishSession(alice, b.handle, params(target, keep), data), -167);
    assert.equal(service.sessionCount, 0);
  });

  it('a session removed while its call runs is disposed once the call returns', async () => {
    const { service, core } = await withKey();
    const { handle } = await service.initSession(alice, bytes('k'), encryptInit);
    let disposedDuringCall = -1;
    core.onUpdate = () => {
      service.closeAll();
      disposedDuringCall = core.disposed;
    };
    await service.updateSession(alice, handle, params(), data);
    assert.equal(disposedDuringCall, 0);
    assert.equal(core.disposed, 1);
    await rejectsWith(service.updateSession(alice, handle, params(), data), -13);
  });

  it('abortAllOf ends one connection\'s sessions, closeAll ends all', async () => {
    const { service, core } = await withKey();
    const mine = { ...alice, connectionId: 'c1' };
    const theirs = { ...alice, connectionId: 'c2' };
    const a = await service.initSession(mine, bytes('k'), encryptInit);
    const b = await service.initSession(theirs, bytes('k'), encryptInit);
    assert.equal(service.abortAllOf('c1'), 1);
    await rejectsWith(service.updateSession(alice, a.handle, params(), data), -13);
    // A handle is usable by any connection of the same app (sessions.md §9.2).
    await service.updateSession(mine, b.handle, params(), data);
    service.closeAll();
    assert.equal(service.sessionCount, 0);
    assert.equal(core.disposed, 2);
  });
});

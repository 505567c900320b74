import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { HuksTag, InternalTag } from '../../src/common/enums.js';
import { HksErr } from '../../src/errors/failure.js';
import { ParamSet, type Param } from '../../src/params/param-set.js';
import { processNameOf } from '../../src/service/owner.js';
import { FAILING_ALG } from './doubles.js';
import { aesParams, alice, bob, bytes, params, rejectsWith, setup } from './service-helpers.js';

const level = (value: number) => ({ tag: HuksTag.HUKS_TAG_AUTH_STORAGE_LEVEL, value });
const specificUser = (value: number) => ({ tag: InternalTag.HKS_TAG_SPECIFIC_USER_ID, value });
const noOverride = { tag: HuksTag.HUKS_TAG_KEY_OVERRIDE, value: false };

describe('alias and parameter checks', () => {
  it('refuses an empty alias and one over 128 bytes with -3, accepts 128', async () => {
    const { service } = setup();
    await rejectsWith(service.generateKey(alice, new Uint8Array(0), aesParams), -3);
    await rejectsWith(service.generateKey(alice, new Uint8Array(129).fill(0x41), aesParams), -3);
    await service.generateKey(alice, new Uint8Array(128).fill(0x41), aesParams);
    // Multi-byte UTF-8: 43 euro signs are 129 bytes.
    await rejectsWith(service.keyExists(alice, bytes('€'.repeat(43)), params()), -3);
  });

  it('refuses duplicate and unknown tags with -3 before touching the core', async () => {
    const { service, core } = setup();
    const dup = new ParamSet([...aesParams.params, aesParams.params[0]!]);
    await rejectsWith(service.generateKey(alice, bytes('k'), dup), -3);
    const unknown = params({ tag: 0x20000000 | 12345, value: 1 });
    await rejectsWith(service.generateKey(alice, bytes('k'), unknown), -3);
    assert.equal(core.generated, 0);
  });
});

describe('storage levels and users', () => {
  it('defaults to CE and stores the effective level', async () => {
    const { service } = setup();
    await service.generateKey(alice, bytes('k'), aesParams);
    assert.equal(await service.keyExists(alice, bytes('k'), params(level(1))), true);
    assert.equal(await service.keyExists(alice, bytes('k'), params(level(0))), false);
    const props = await service.getKeyProperties(alice, bytes('k'), params());
    assert.equal(props.getNumber(HuksTag.HUKS_TAG_AUTH_STORAGE_LEVEL), 1);
  });

  it('keeps DE, CE and ECE as separate namespaces', async () => {
    const { service } = setup();
    for (const l of [0, 1, 2]) {
      await service.importKey(alice, bytes('same'), aesParams.with(level(l)), Uint8Array.of(l + 1));
    }
    const digests = new Set<string>();
    for (const l of [0, 1, 2]) {
      const out = await service.exportKey(alice, bytes('same'), params(level(l)));
      digests.add(Buffer.from(out).toString('hex'));
    }
    assert.equal(digests.size, 3);
    await service.deleteKey(alice, bytes('same'), params(level(2)));
    assert.equal(await service.keyExists(alice, bytes('same'), params(level(2))), false);
    assert.equal(await service.keyExists(alice, bytes('same'), params(level(0))), true);
  });

  it('refuses a level outside 0..2 with -3 (openhuks decision)', async () => {
    const { service } = setup();
    await rejectsWith(service.generateKey(alice, bytes('k'), aesParams.with(level(3))), -3);
    await rejectsWith(service.listAliases(alice, params(level(-1))), -3);
  });

  it('gives users below 100 only the DE level', async () => {
    const { service } = setup();
    const system0 = { ...alice, userId: 0 };
    await rejectsWith(service.generateKey(system0, bytes('k'), aesParams), -3);
    await rejectsWith(service.generateKey(system0, bytes('k'), aesParams.with(level(2))), -3);
    await service.generateKey(system0, bytes('k'), aesParams.with(level(0)));
  });

  it('lets only system apps name another user, with the §2.3 user rules', async () => {
    const { service } = setup();
    const admin = { ...alice, userId: 0, isSystem: true };
    const asUser = (...extra: Param[]) => aesParams.with(...extra);
    await rejectsWith(service.generateKey(alice, bytes('k'), asUser(specificUser(101))), -140);
    await rejectsWith(service.generateKey(admin, bytes('k'), asUser(specificUser(99))), -3);
    const negative = asUser(level(0), specificUser(-1));
    await rejectsWith(service.generateKey(admin, bytes('k'), negative), -3);
    await service.generateKey(admin, bytes('k'), aesParams.with(level(0), specificUser(0)));

    await service.generateKey(admin, bytes('k'), aesParams.with(specificUser(101)));
    const user101 = { ...alice, userId: 101 };
    assert.equal(await service.keyExists(user101, bytes('k'), params()), true);
    assert.equal(await service.keyExists({ ...alice, userId: 102 }, bytes('k'), params()), false);
    const props = await service.getKeyProperties(user101, bytes('k'), params());
    assert.equal(props.getNumber(InternalTag.HKS_TAG_SPECIFIC_USER_ID), 101);
    assert.equal(props.getNumber(HuksTag.HUKS_TAG_USER_ID), 0);
  });
});

describe('what is stored with a key', () => {
  it('adds the owner tags between the caller tags and the core tags', async () => {
    const { service } = setup();
    const spoof = { tag: HuksTag.HUKS_TAG_PROCESS_NAME, value: processNameOf(1) };
    const override = { tag: HuksTag.HUKS_TAG_KEY_OVERRIDE, value: true };
    await service.generateKey(alice, bytes('k'), aesParams.with(spoof, override));
    const props = await service.getKeyProperties(alice, bytes('k'), params());
    assert.deepEqual(props.params.map((p) => p.tag), [
      HuksTag.HUKS_TAG_ALGORITHM,
      HuksTag.HUKS_TAG_PURPOSE,
      HuksTag.HUKS_TAG_KEY_SIZE,
      HuksTag.HUKS_TAG_PROCESS_NAME,
      HuksTag.HUKS_TAG_USER_ID,
      HuksTag.HUKS_TAG_AUTH_STORAGE_LEVEL,
      HuksTag.HUKS_TAG_KEY_VERSION,
      HuksTag.HUKS_TAG_KEY_FLAG,
    ]);
    // uid 20010001 = 0x01315411, little-endian.
    const name = props.getBytes(HuksTag.HUKS_TAG_PROCESS_NAME);
    assert.deepEqual(name, Uint8Array.of(0x11, 0x54, 0x31, 0x01));
    assert.equal(props.getNumber(HuksTag.HUKS_TAG_USER_ID), 100);
  });

  it('never returns the sensitive tags', async () => {
    const { service } = setup();
    const owner = { tag: InternalTag.HKS_TAG_OWNER_ID, value: bytes('owner') };
    const secureUid = { tag: InternalTag.HKS_TAG_USER_AUTH_SECURE_UID, value: new Uint8Array(8) };
    await service.generateKey(alice, bytes('k'), aesParams.with(owner, secureUid));
    const props = await service.getKeyProperties(alice, bytes('k'), params());
    assert.equal(props.has(InternalTag.HKS_TAG_OWNER_ID), false);
    assert.equal(props.has(InternalTag.HKS_TAG_USER_AUTH_SECURE_UID), false);
    assert.equal(props.has(HuksTag.HUKS_TAG_ALGORITHM), true);
  });
});

describe('overwrite and KEY_OVERRIDE', () => {
  it('replaces silently, and a failed generate keeps the old key', async () => {
    const { service } = setup();
    await service.importKey(alice, bytes('k'), aesParams, Uint8Array.of(1, 2, 3));
    const before = await service.exportKey(alice, bytes('k'), params());
    const failing = aesParams.with({ tag: HuksTag.HUKS_TAG_ALGORITHM, value: FAILING_ALG });
    await rejectsWith(service.generateKey(alice, bytes('k'), failing), HksErr.INVALID_ALGORITHM);
    assert.deepEqual(await service.exportKey(alice, bytes('k'), params()), before);
    await service.generateKey(alice, bytes('k'), aesParams);
    assert.notDeepEqual(await service.exportKey(alice, bytes('k'), params()), before);
  });

  it('KEY_OVERRIDE false on an existing alias is -167 before any work', async () => {
    const { service, core } = setup();
    await service.generateKey(alice, bytes('k'), aesParams.with(noOverride));
    const before = await service.exportKey(alice, bytes('k'), params());
    await rejectsWith(service.generateKey(alice, bytes('k'), aesParams.with(noOverride)), -167);
    const material = Uint8Array.of(7);
    const again = service.importKey(alice, bytes('k'), aesParams.with(noOverride), material);
    await rejectsWith(again, -167);
    assert.equal(core.generated, 1);
    assert.deepEqual(await service.exportKey(alice, bytes('k'), params()), before);
    // Another level is another namespace: no conflict there.
    await service.generateKey(alice, bytes('k'), aesParams.with(noOverride, level(2)));
  });
});

describe('delete, exist, list', () => {
  it('delete of a missing key is -13; exists is a boolean', async () => {
    const { service } = setup();
    await rejectsWith(service.deleteKey(alice, bytes('k'), params()), -13);
    assert.equal(await service.keyExists(alice, bytes('k'), params()), false);
    await service.generateKey(alice, bytes('k'), aesParams);
    assert.equal(await service.keyExists(alice, bytes('k'), params()), true);
    await service.deleteKey(alice, bytes('k'), params());
    assert.equal(await service.keyExists(alice, bytes('k'), params()), false);
  });

  it('lists one namespace sorted by bytes', async () => {
    const { service } = setup();
    for (const a of ['b', 'a', 'c', '€']) await service.generateKey(alice, bytes(a), aesParams);
    await service.generateKey(bob, bytes('bobs'), aesParams);
    await service.generateKey(alice, bytes('de'), aesParams.with(level(0)));
    const listed = await service.listAliases(alice, params());
    assert.deepEqual(listed.map((a) => Buffer.from(a).toString()), ['a', 'b', 'c', '€']);
    assert.deepEqual(await service.listAliases(alice, params(level(2))), []);
  });

  it('refuses more than 2048 aliases with -7', async () => {
    const { service, store } = setup();
    const ns = { app: alice.app, userId: 100, level: 1 };
    const record = { properties: new Uint8Array(4), sealed: new Uint8Array(8) };
    for (let i = 0; i < 2048; i++) store.put(ns, bytes(`k${i}`), record, true);
    assert.equal((await service.listAliases(alice, params())).length, 2048);
    store.put(ns, bytes('one more'), record, true);
    await rejectsWith(service.listAliases(alice, params()), -7);
  });
});

describe('reading keys back', () => {
  it('two apps never see each other\'s keys', async () => {
    const { service } = setup();
    await service.generateKey(alice, bytes('k'), aesParams);
    assert.equal(await service.keyExists(bob, bytes('k'), params()), false);
    await rejectsWith(service.exportKey(bob, bytes('k'), params()), -13);
    await rejectsWith(service.deleteKey(bob, bytes('k'), params()), -13);
    assert.equal(await service.keyExists(alice, bytes('k'), params()), true);
  });

  it('a tampered record or a foreign owner reads as 12000012', async () => {
    const { service, store } = setup();
    await service.generateKey(alice, bytes('k'), aesParams);
    const [record] = [...store.records.values()];
    record!.key.sealed[10] ^= 1;
    await rejectsWith(service.getKeyProperties(alice, bytes('k'), params()), HksErr.FAILURE);

    await service.generateKey(alice, bytes('k2'), aesParams);
    const sameAppOtherUid = { ...alice, uid: alice.uid + 1 };
    await rejectsWith(service.exportKey(sameAppOtherUid, bytes('k2'), params()), HksErr.BAD_STATE);
    const init = service.initSession(sameAppOtherUid, bytes('k2'), aesParams);
    await rejectsWith(init, HksErr.BAD_STATE);
  });
});

describe('functions of later issues', () => {
  it('importWrappedKey checks first, then imports what the core unwrapped', async () => {
    const { service } = setup();
    const suite = { tag: HuksTag.HUKS_TAG_UNWRAP_ALGORITHM_SUITE, value: 1 };
    const wrapped = new Uint8Array(10);
    const unwrap = (alias: string, wrapping: string, set = aesParams) =>
      service.importWrappedKey(alice, bytes(alias), bytes(wrapping), set, wrapped);
    await rejectsWith(unwrap('', 'w'), -3);
    await rejectsWith(unwrap('k', ''), -3);
    await rejectsWith(unwrap('k', 'w'), -13);
    await service.generateKey(alice, bytes('w'), aesParams);
    await rejectsWith(unwrap('k', 'w'), -100);
    await rejectsWith(unwrap('w', 'w', aesParams.with(noOverride, suite)), -167);
    await unwrap('k', 'w', aesParams.with(suite));
    assert.equal(await service.keyExists(alice, bytes('k'), params()), true);
  });

  it('attestKey needs the key, then refuses one that cannot be attested (AES: -3)', async () => {
    const { service } = setup();
    await rejectsWith(service.attestKey(alice, bytes('k'), params()), -13);
    await service.generateKey(alice, bytes('k'), aesParams);
    await rejectsWith(service.attestKey(alice, bytes('k'), params()), -3);
  });
});

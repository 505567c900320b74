import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HuksKeyClassType, HuksTag } from '../../src/common/enums.js';
import { assertEngineThrow, assertSyncThrow, fakeHuks, loose, quiet } from './fake-client.js';

// errors.md §6: every synchronous throw of the binding, with its exact message and code.

const { huks, client } = fakeHuks();
const h = loose(huks);
const opts = { properties: [] };
const MAX = 0x6400000;

let hugeString: string | undefined;
let hugeBytes: Uint8Array | undefined;
const overLimitString = (): string => (hugeString ??= 'a'.repeat(MAX + 1));
const overLimitBytes = (): Uint8Array => (hugeBytes ??= new Uint8Array(MAX + 1));

const NO_ENOUGH = 'no enough params input';
const AS_USER_COUNT = 'The number of parameters does not meet the expectation.';
const VALUE_TYPE = 'the value of the tag is of an incorrect type';
const ALIAS_TYPE = "the type of alias isn't string";
const NOT_UINT8 = 'the type of data is not Uint8Array';

const aliasFunctions = [
  'generateKeyItem', 'deleteKeyItem', 'importKeyItem', 'exportKeyItem', 'getKeyItemProperties',
  'isKeyItemExist', 'hasKeyItem', 'initSession', 'attestKeyItem', 'anonAttestKeyItem',
];
const asUser = [
  'generateKeyItemAsUser', 'deleteKeyItemAsUser', 'importKeyItemAsUser', 'exportKeyItemAsUser',
  'getKeyItemPropertiesAsUser', 'hasKeyItemAsUser', 'initSessionAsUser', 'attestKeyItemAsUser',
  'anonAttestKeyItemAsUser', 'anonAttestKeyItemOfflineAsUser',
];

describe('argument counts', () => {
  test('401 "no enough params input" below the minimum', () => {
    for (const name of [...aliasFunctions, 'updateSession', 'finishSession', 'abortSession']) {
      assertSyncThrow(() => h[name]!('k'), 401, NO_ENOUGH);
      assertSyncThrow(() => h[name]!(), 401, NO_ENOUGH);
    }
    assertSyncThrow(() => h.importWrappedKeyItem!('k', 'w'), 401, NO_ENOUGH);
    assertSyncThrow(() => h.encapsulate!('k'), 401, NO_ENOUGH);
    assertSyncThrow(() => h.decapsulate!('k', []), 401, NO_ENOUGH);
  });

  test('listAliases needs exactly one argument (too many reads "no enough" too)', () => {
    assertSyncThrow(() => h.listAliases!(), 401, NO_ENOUGH);
    assertSyncThrow(() => h.listAliases!(opts, () => {}), 401, NO_ENOUGH);
  });

  test('12000018 for wrapKeyItem (exactly 2), unwrapKeyItem (exactly 3), offline (min 2)', () => {
    assertSyncThrow(() => h.wrapKeyItem!('k'), 12000018, NO_ENOUGH);
    assertSyncThrow(() => h.wrapKeyItem!('k', opts, () => {}), 12000018, NO_ENOUGH);
    assertSyncThrow(() => h.unwrapKeyItem!('k', opts), 12000018, NO_ENOUGH);
    assertSyncThrow(() => h.unwrapKeyItem!('k', opts, new Uint8Array(1), 1), 12000018, NO_ENOUGH);
    assertSyncThrow(() => h.anonAttestKeyItemOffline!('k'), 12000018, NO_ENOUGH);
  });

  test('*AsUser: exact count, 3 (4 for importWrappedKeyItemAsUser)', () => {
    for (const name of asUser) {
      assertSyncThrow(() => h[name]!(100, 'k'), 401, AS_USER_COUNT);
      assertSyncThrow(() => h[name]!(100, 'k', opts, () => {}), 401, AS_USER_COUNT);
    }
    assertSyncThrow(() => h.importWrappedKeyItemAsUser!(100, 'k', 'w'), 401, AS_USER_COUNT);
    const five = () => h.importWrappedKeyItemAsUser!(100, 'k', 'w', opts, 1);
    assertSyncThrow(five, 401, AS_USER_COUNT);
  });
});

describe('userId, alias, options', () => {
  test('401 "the type of userId isn\'t number"', () => {
    for (const name of asUser) {
      assertSyncThrow(() => h[name]!('100', 'k', opts), 401, "the type of userId isn't number");
    }
  });

  test('401 "the type of alias isn\'t string" for every alias position', () => {
    for (const name of aliasFunctions) assertSyncThrow(() => h[name]!(1, opts), 401, ALIAS_TYPE);
    assertSyncThrow(() => h.importWrappedKeyItem!('k', null, opts), 401, ALIAS_TYPE);
    assertSyncThrow(() => h.generateKeyItemAsUser!(100, {}, opts), 401, ALIAS_TYPE);
    assertSyncThrow(() => h.wrapKeyItem!(Symbol('k'), opts), 401, ALIAS_TYPE);
    assertSyncThrow(() => h.encapsulate!('k', [], undefined), 401, ALIAS_TYPE);
    assertSyncThrow(() => h.decapsulate!('k', [], new Uint8Array(1), 5), 401, ALIAS_TYPE);
  });

  test('alias over 100 MiB: 401, 12000018 for the offline attestation', () => {
    const long = overLimitString();
    assertSyncThrow(() => h.generateKeyItem!(long, opts), 401, 'the length of alias is too long');
    assertSyncThrow(() => h.anonAttestKeyItemOffline!(long, []), 12000018,
      'the length of alias is too long');
    // Exactly the limit passes the binding (a throwaway instance, so the 100 MiB can be freed).
    const limit = fakeHuks();
    void loose(limit.huks).generateKeyItem!('a'.repeat(MAX), opts);
    hugeString = undefined;
  });

  test('encapsulate/decapsulate: alias over 128 bytes is a synchronous 12000018', () => {
    const over = 'é'.repeat(65); // 130 UTF-8 bytes
    assertSyncThrow(() => h.encapsulate!(over, []), 12000018, 'the length of alias is too long');
    assertSyncThrow(() => h.decapsulate!('k', [], new Uint8Array(1), over), 12000018,
      'the length of alias is too long');
    quiet(h.encapsulate!('é'.repeat(64), [])); // 128 bytes pass
  });

  test('401 "the type is not object" for options and for a HuksParam element', () => {
    for (const bad of [undefined, null, 1, 'x', true, () => {}]) {
      assertSyncThrow(() => h.generateKeyItem!('k', bad), 401, 'the type is not object');
    }
    assertSyncThrow(() => h.updateSession!(1, null), 401, 'the type is not object');
    assertSyncThrow(() => h.generateKeyItem!('k', { properties: [5] }), 401,
      'the type is not object');
    assertSyncThrow(() => h.anonAttestKeyItemOffline!('k', [null]), 401, 'the type is not object');
  });

  test('401 "the type of param is not object" for a bare HuksParam[] argument', () => {
    const msg = 'the type of param is not object';
    assertSyncThrow(() => h.encapsulate!('k', 'x'), 401, msg);
    assertSyncThrow(() => h.encapsulate!('k', [], 's', 5), 401, msg);
    assertSyncThrow(() => h.decapsulate!('k', undefined, new Uint8Array(1)), 401, msg);
    assertSyncThrow(() => h.anonAttestKeyItemOffline!('k', 1), 401, msg);
    assertSyncThrow(() => h.anonAttestKeyItemOfflineAsUser!(100, 'k', null), 401, msg);
  });

  test('properties that are absent or not an object read as an empty list', async () => {
    for (const properties of [undefined, 'abc', 5, null]) {
      await h.generateKeyItem!('k', { properties });
      assert.equal(client.params('generateKey', 1).size, 0);
    }
  });
});

describe('HuksParam values', () => {
  const gen = (tag: number, value: unknown) => () =>
    h.generateKeyItem!('k', { properties: [{ tag, value }] });

  test('401 wrong JS type per type nibble', () => {
    assertSyncThrow(gen(HuksTag.HUKS_TAG_ALGORITHM, '1'), 401, VALUE_TYPE);
    assertSyncThrow(gen(HuksTag.HUKS_TAG_ALGORITHM, undefined), 401, VALUE_TYPE);
    assertSyncThrow(gen(0x10000001, true), 401, VALUE_TYPE); // INT
    assertSyncThrow(gen(HuksTag.HUKS_TAG_KEY_OVERRIDE, 1), 401, VALUE_TYPE); // BOOL
    assertSyncThrow(gen(HuksTag.HUKS_TAG_IV, null), 401, VALUE_TYPE); // BYTES null
    assertSyncThrow(gen(HuksTag.HUKS_TAG_IV, 'abc'), 401, VALUE_TYPE); // BYTES primitive
  });

  test('401 bigint even for ULONG tags', () => {
    assertSyncThrow(gen(HuksTag.HUKS_TAG_CREATION_DATETIME, 10n), 401, VALUE_TYPE);
  });

  test('401 for type nibble 0 (HUKS_TAG_INVALID) and 6..15', () => {
    assertSyncThrow(gen(HuksTag.HUKS_TAG_INVALID, 0), 401, VALUE_TYPE);
    assertSyncThrow(gen(0x60000001, 1), 401, VALUE_TYPE);
    assertSyncThrow(gen(0xf0000001, 1), 401, VALUE_TYPE);
  });

  test('401 another typed-array kind for bytes, inData, token, wrappedKey, encapData', () => {
    for (const bad of [new Int8Array(2), new Uint8ClampedArray(2), new Uint16Array(1)]) {
      assertSyncThrow(gen(HuksTag.HUKS_TAG_IV, bad), 401, NOT_UINT8);
      assertSyncThrow(() => h.importKeyItem!('k', { inData: bad }), 401, NOT_UINT8);
      assertSyncThrow(() => h.updateSession!(1, { inData: bad }), 401, NOT_UINT8);
      assertSyncThrow(() => h.finishSession!(1, {}, bad), 401, NOT_UINT8);
      assertSyncThrow(() => h.unwrapKeyItem!('k', opts, bad), 401, NOT_UINT8);
      assertSyncThrow(() => h.decapsulate!('k', [], bad), 401, NOT_UINT8);
    }
  });

  test('401 "the length of data is too long" over 100 MiB', () => {
    const big = overLimitBytes();
    assertSyncThrow(gen(HuksTag.HUKS_TAG_IV, big), 401, 'the length of data is too long');
    assertSyncThrow(() => h.importKeyItem!('k', { inData: big }), 401,
      'the length of data is too long');
    assertSyncThrow(() => h.updateSession!(1, { inData: big }), 401,
      'the length of data is too long');
  });

  test('401 "get typedarray info failed": decapsulate encapData not a typed array', () => {
    for (const bad of [undefined, {}, [1], new ArrayBuffer(2), new DataView(new ArrayBuffer(2))]) {
      assertSyncThrow(() => h.decapsulate!('k', [], bad), 401, 'get typedarray info failed');
    }
  });

  test('401 "HksAddParams fail" above 42 parameters, implicit ones included', () => {
    const param = { tag: HuksTag.HUKS_TAG_ALGORITHM, value: 1 };
    h.generateKeyItem!('k', { properties: Array(42).fill(param) });
    assertSyncThrow(() => h.generateKeyItem!('k', { properties: Array(43).fill(param) }), 401,
      'HksAddParams fail');
    // attestKeyItem puts ATTESTATION_BASE64 in front, so 42 caller params overflow.
    assertSyncThrow(() => h.attestKeyItem!('k', { properties: Array(42).fill(param) }), 401,
      'HksAddParams fail');
  });

  test('401 "HksBuildParamSet fail" above 4 MiB', () => {
    const value = new Uint8Array(4 * 1024 * 1024);
    assertSyncThrow(gen(HuksTag.HUKS_TAG_INFO, value), 401, 'HksBuildParamSet fail');
    const fits = [{ tag: HuksTag.HUKS_TAG_INFO, value: value.subarray(1024) }];
    h.generateKeyItem!('k', { properties: fits });
  });

  test('bare HuksParam[] overflow: "could not get (shared key) paramset"', () => {
    const many = Array(43).fill({ tag: HuksTag.HUKS_TAG_ALGORITHM, value: 1 });
    assertSyncThrow(() => h.encapsulate!('k', many), 401, 'could not get paramset');
    assertSyncThrow(() => h.encapsulate!('k', [], 's', many), 401,
      'could not get shared key paramset');
    assertSyncThrow(() => h.decapsulate!('k', many, new Uint8Array(1)), 401,
      'could not get paramset');
    assertSyncThrow(() => h.anonAttestKeyItemOffline!('k', many), 12000018,
      'could not get paramset');
  });

  test('12000001 for an access group or an extension key class in an *AsUser call', () => {
    const msg = 'The feature is not support.';
    const group = { tag: HuksTag.HUKS_TAG_KEY_ACCESS_GROUP, value: new Uint8Array(1) };
    const { HUKS_KEY_CLASS_EXTENSION, HUKS_KEY_CLASS_DEFAULT } = HuksKeyClassType;
    const ext = { tag: HuksTag.HUKS_TAG_KEY_CLASS, value: HUKS_KEY_CLASS_EXTENSION };
    const dflt = { tag: HuksTag.HUKS_TAG_KEY_CLASS, value: HUKS_KEY_CLASS_DEFAULT };
    assertSyncThrow(() => h.generateKeyItemAsUser!(1, 'k', { properties: [group] }), 12000001, msg);
    assertSyncThrow(() => h.initSessionAsUser!(1, 'k', { properties: [ext] }), 12000001, msg);
    assertSyncThrow(() => h.anonAttestKeyItemOfflineAsUser!(1, 'k', [ext]), 12000001, msg);
    quiet(h.generateKeyItemAsUser!(1, 'k', { properties: [dflt] }));
    // The refusal is the last check: an earlier argument error wins.
    // The refusal is the last check: an earlier argument error wins (here the missing inData).
    assertEngineThrow(() => h.importKeyItemAsUser!(1, 'k', { properties: [group] }),
      'Invalid parameter');
  });
});

describe('engine-level throws: plain Error, no code (api.md §2.6)', () => {
  test('"Need number" for a tag that is not a number (or missing)', () => {
    assertEngineThrow(() => h.generateKeyItem!('k', { properties: [{ tag: '1', value: 1 }] }),
      'Need number');
    assertEngineThrow(() => h.generateKeyItem!('k', { properties: [{ value: 1 }] }), 'Need number');
  });

  test('"Invalid parameter" for a bytes value that is an object but not a typed array', () => {
    for (const bad of [{}, [1, 2], new ArrayBuffer(2), new DataView(new ArrayBuffer(2))]) {
      const properties = [{ tag: HuksTag.HUKS_TAG_IV, value: bad }];
      assertEngineThrow(() => h.generateKeyItem!('k', { properties }), 'Invalid parameter');
      assertEngineThrow(() => h.importKeyItem!('k', { inData: bad }), 'Invalid parameter');
      assertEngineThrow(() => h.updateSession!(1, {}, bad), 'Invalid parameter');
      assertEngineThrow(() => h.unwrapKeyItem!('k', opts, bad), 'Invalid parameter');
    }
  });

  test('"Invalid parameter" for import without inData', () => {
    assertEngineThrow(() => h.importKeyItem!('k', opts), 'Invalid parameter');
    assertEngineThrow(() => h.importWrappedKeyItem!('k', 'w', opts), 'Invalid parameter');
  });

  test('"Invalid parameter" for an inData property that exists but is undefined', () => {
    assertEngineThrow(() => h.updateSession!(1, { inData: undefined }), 'Invalid parameter');
    assertEngineThrow(() => h.finishSession!(1, { inData: undefined }), 'Invalid parameter');
    const inherited = Object.create({ inData: 5 }) as object;
    assertEngineThrow(() => h.finishSession!(1, inherited), 'Invalid parameter');
    h.updateSession!(1, {}); // absent inData is empty input
  });
});

describe('first throw wins, strictly left to right (api.md §2.6)', () => {
  test('the leftmost bad argument decides', () => {
    assertSyncThrow(() => h.generateKeyItem!(1, null), 401, ALIAS_TYPE);
    assertSyncThrow(() => h.importWrappedKeyItem!('k', 1, null), 401, ALIAS_TYPE);
    assertSyncThrow(() => h.updateSession!('1', null), 401, "the type of handle isn't number");
    assertSyncThrow(() => h.generateKeyItemAsUser!('1', 1, null), 401,
      "the type of userId isn't number");
  });

  test('within options: properties before inData', () => {
    const options = { properties: [{ tag: HuksTag.HUKS_TAG_ALGORITHM, value: 'x' }], inData: 5 };
    assertSyncThrow(() => h.importKeyItem!('k', options), 401, VALUE_TYPE);
  });

  test('update/finish: inData and the token before the properties (api.md §4.10)', () => {
    const options = { properties: [{ tag: HuksTag.HUKS_TAG_ALGORITHM, value: 'x' }], inData: 5 };
    assertEngineThrow(() => h.updateSession!(1, options), 'Invalid parameter');
    const badProps = { properties: [{ tag: HuksTag.HUKS_TAG_ALGORITHM, value: 'x' }] };
    assertSyncThrow(() => h.finishSession!(1, badProps, new Int8Array(1)), 401, NOT_UINT8);
    assertSyncThrow(() => h.finishSession!(1, badProps), 401, VALUE_TYPE);
  });

  test('elements in order: the first bad element wins', () => {
    const properties = [
      { tag: HuksTag.HUKS_TAG_KEY_OVERRIDE, value: 1 },
      { tag: 'x', value: 1 },
    ];
    assertSyncThrow(() => h.generateKeyItem!('k', { properties }), 401, VALUE_TYPE);
  });
});

describe('session handles', () => {
  test('401 "the type of handle isn\'t number"', () => {
    for (const name of ['updateSession', 'finishSession', 'abortSession']) {
      for (const bad of ['1', 1n, null, undefined, {}]) {
        assertSyncThrow(() => h[name]!(bad, {}), 401, "the type of handle isn't number");
      }
    }
  });
});

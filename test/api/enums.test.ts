import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { ALL_ENUMS } from '../../src/common/enums.js';
import { fakeHuks } from './fake-client.js';

// tags.md: 27 public enumerations, 324 declared members plus 22 runtime-only HuksErrorCode
// members; installed non-enumerable on the module object like the reference (api.md §1).

const SPEC = new URL('../../../../shared/spec/tags.md', import.meta.url);

/** The member tables of tags.md, per enumeration heading: name -> value. */
function specEnums(): Map<string, Map<string, number>> {
  const enums = new Map<string, Map<string, number>>();
  let current: Map<string, number> | undefined;
  let runtimeOnly = false;
  for (const line of readFileSync(SPEC, 'utf8').split('\n')) {
    const heading = /^#{2,3} .*`(Huks\w+)`|^## \d+\. `?(Huks\w+)`?/.exec(line);
    if (heading) {
      const name = heading[1] ?? heading[2]!;
      current = enums.get(name) ?? new Map();
      enums.set(name, current);
      runtimeOnly = false;
      continue;
    }
    if (line.startsWith('## ')) current = undefined;
    if (line.startsWith('**Extra runtime members.**')) runtimeOnly = true;
    const row = /^\| (HUKS_\w+)[^|]*\| (-?\d+)[^|]*\|/.exec(line);
    if (current && row) current.set((runtimeOnly ? '+' : '') + row[1], Number(row[2]));
  }
  return enums;
}

test('the namespace carries all 27 enumerations with the numbers of tags.md', () => {
  const { huks } = fakeHuks();
  const spec = specEnums();
  const names = Object.keys(ALL_ENUMS);
  assert.equal(names.length, 27);

  let declared = 0;
  let runtimeOnly = 0;
  for (const name of names) {
    const installed = (huks as unknown as Record<string, Record<string, number>>)[name];
    assert.ok(installed, `${name} installed`);
    const expected = spec.get(name);
    assert.ok(expected, `${name} documented in tags.md`);
    const members = Object.entries(installed);
    assert.equal(members.length, expected.size, `${name} member count`);
    for (const [key, value] of expected) {
      const member = key.replace(/^\+/, '');
      assert.equal(installed[member], value, `${name}.${member}`);
      if (key.startsWith('+')) runtimeOnly++;
      else declared++;
    }
  }
  assert.equal(declared, 324);
  assert.equal(runtimeOnly, 22);
});

test('enum objects are plain objects without a reverse mapping', () => {
  const { huks } = fakeHuks();
  assert.equal((huks.HuksKeyAlg as Record<string | number, unknown>)[1], undefined);
  assert.equal(huks.HuksKeyAlg.HUKS_ALG_AES, 20);
  assert.equal(huks.HuksErrorCode.HUKS_ERROR_NOT_EXIST, -13);
  assert.equal(huks.HuksExceptionErrCode.HUKS_ERR_CODE_ITEM_NOT_EXIST, 12000011);
});

test('nothing on the namespace is enumerable, writable or configurable', () => {
  const { huks } = fakeHuks();
  assert.deepEqual(Object.keys(huks), []);
  const names = Object.getOwnPropertyNames(huks);
  assert.equal(names.length, 27 + 42 + 1); // enums, functions, close
  for (const name of names) {
    const descriptor = Object.getOwnPropertyDescriptor(huks, name)!;
    assert.equal(descriptor.enumerable, false, name);
    assert.equal(descriptor.writable, false, name);
    assert.equal(descriptor.configurable, false, name);
  }
  const all = huks as unknown as Record<string, unknown>;
  const functions = names.filter((n) => typeof all[n] === 'function');
  assert.equal(functions.length, 43);
});

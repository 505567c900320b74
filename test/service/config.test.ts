import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_APP, resolveConfig, uidOf } from '../../src/config.js';

describe('instance configuration', () => {
  it('defaults: HUKS_HOME, com.example.app, user 100, not system, api9', () => {
    const config = resolveConfig({}, { HUKS_HOME: '/data/h' });
    assert.deepEqual(config, {
      home: '/data/h',
      app: DEFAULT_APP,
      userId: 100,
      uid: uidOf(DEFAULT_APP),
      isSystem: false,
      sessionPolicy: 'api9',
    });
  });

  it('takes HUKS_APP and HUKS_SESSION_POLICY; options win over the environment', () => {
    const env = { HUKS_HOME: '/h', HUKS_APP: 'com.env.app', HUKS_SESSION_POLICY: 'current' };
    assert.equal(resolveConfig({}, env).app, 'com.env.app');
    assert.equal(resolveConfig({}, env).sessionPolicy, 'current');
    const explicit = resolveConfig({ app: 'x', sessionPolicy: 'api9', home: '/o' }, env);
    assert.deepEqual([explicit.app, explicit.sessionPolicy, explicit.home], ['x', 'api9', '/o']);
  });

  it('derives a stable uid per app in the user-100 app range', () => {
    assert.equal(uidOf('com.a'), uidOf('com.a'));
    assert.notEqual(uidOf('com.a'), uidOf('com.b'));
    for (const app of ['com.a', 'com.b', DEFAULT_APP]) {
      assert.ok(uidOf(app) >= 20_010_000 && uidOf(app) < 20_200_000);
    }
    assert.equal(resolveConfig({ app: 'com.a', uid: 7 }, {}).uid, 7);
  });

  it('refuses invalid values with an error naming them', () => {
    assert.throws(() => resolveConfig({}, { HUKS_SESSION_POLICY: 'lru' }), /HUKS_SESSION_POLICY/);
    assert.throws(() => resolveConfig({ sessionPolicy: 'x' as 'api9' }, {}), /sessionPolicy/);
    assert.throws(() => resolveConfig({ userId: 1.5 }, {}), /userId/);
    assert.throws(() => resolveConfig({ uid: 2 ** 32 }, {}), /uid/);
    assert.throws(() => resolveConfig({ system: 'yes' as unknown as boolean }, {}), /system/);
    assert.throws(() => resolveConfig({ home: '' }, {}), /home/);
  });
});

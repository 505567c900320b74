// The registry check before each request (daemon/registry.ts) reads SQLite's data_version
// through a statement prepared once: a change by another connection must still be seen.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { AppRegistry } from '../../src/daemon/registry.js';

const app = { bundle: 'com.example.reg', userId: 100, uid: 20010001, isSystem: false };

describe('the registry seen by a running daemon', () => {
  it('notices every change made by another connection, and only those', () => {
    const home = mkdtempSync(join(tmpdir(), 'openhuks-registry-'));
    const daemon = AppRegistry.open(home);
    try {
      assert.equal(daemon.changed(), false);
      const admin = AppRegistry.open(home);
      const { record } = admin.add(app);
      assert.equal(daemon.changed(), true);
      assert.equal(daemon.changed(), false);
      assert.equal(daemon.has(record.id), true);

      admin.remove(app.bundle);
      admin.close();
      assert.equal(daemon.changed(), true);
      assert.equal(daemon.has(record.id), false);
      assert.equal(daemon.changed(), false);
    } finally {
      daemon.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

// The one way tests get a HUKS namespace: a fresh data directory per instance, removed again by
// cleanup(). Every test writer uses this instead of the default instance, which would touch
// the user's real data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createHuks, type CreateHuksOptions, type HuksNamespace } from '../../src/index.js';

export interface TempHuks {
  readonly huks: HuksNamespace;
  /** The instance's data directory (database and root key). */
  readonly home: string;
  /** Closes the instance (sessions, database) and removes the directory. */
  cleanup(): Promise<void>;
}

/**
 * A HUKS instance on a new temporary home. Options are passed to createHuks; `home` is the
 * temporary directory unless given (then the caller owns and removes it: cleanup only closes).
 */
export function tempHuks(options: CreateHuksOptions = {}): TempHuks {
  const ownHome = options.home === undefined;
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'openhuks-test-'));
  const huks = createHuks({ ...options, home });
  return {
    huks,
    home,
    async cleanup() {
      await huks.close();
      if (ownHome) rmSync(home, { recursive: true, force: true });
    },
  };
}

import type { KeystoreCore } from '../core/types.js';
import type { KeyStore, Sealer } from '../store/types.js';
import { createKeystoreService, type LocalKeystoreService } from './keystore-service.js';
import type { SessionPolicy } from './session-policy.js';

/** An opened store (store/open.ts `openStorage`). */
export interface OpenedStorage {
  readonly store: KeyStore;
  readonly sealer: Sealer;
  close(): void;
}

export interface LocalHostOptions {
  readonly home: string;
  readonly sessionPolicy: SessionPolicy;
  readonly openStorage: (home: string) => OpenedStorage;
  readonly createCore: () => KeystoreCore;
}

/**
 * Where an in-process client gets its service: storage is opened at the first call (so that
 * importing the package touches no file) and closed by release().
 */
export interface LocalServiceHost {
  /** The service, opening storage on first use. @throws HuksFailure (12000004) if it fails. */
  acquire(): LocalKeystoreService;
  /** Ends every session and closes storage; a later acquire() opens it again. */
  release(): Promise<void>;
}

export function createLocalHost(options: LocalHostOptions): LocalServiceHost {
  let opened: { service: LocalKeystoreService; storage: OpenedStorage } | undefined;

  return {
    acquire() {
      if (opened === undefined) {
        const storage = options.openStorage(options.home);
        const service = createKeystoreService({
          core: options.createCore(),
          store: storage.store,
          sealer: storage.sealer,
          sessionPolicy: options.sessionPolicy,
        });
        opened = { service, storage };
      }
      return opened.service;
    },

    async release() {
      const current = opened;
      opened = undefined;
      if (current === undefined) return;
      current.service.closeAll();
      current.storage.close();
    },
  };
}

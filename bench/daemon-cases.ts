import { createHmac, sign } from 'node:crypto';

import type { HuksApi } from '../src/cli/huks-api.js';
import { huksGcm, MESSAGE, MIB_CHUNKS, oneShot, rawGcm } from './cases.js';
import { ECDSA_SIGN, HMAC_SHA256, importAesKey, importHmacKey, importP256Key } from './keys.js';
import type { Operation } from './measure.js';
import type { SoftHsm } from './softhsm.js';

/**
 * The daemon rows of the bench: each operation through the daemon (remote client over the
 * socket), in process, with raw node:crypto and, for small operations, with SoftHSMv2 through
 * PKCS#11. Targets of the issue: small operations through the daemon >= 1x SoftHSM (label
 * lookup per call), bulk AES-GCM through the daemon >= 0.7x raw.
 */

export interface DaemonEnv {
  /** The remote client of the bench daemon. */
  readonly daemon: HuksApi;
  /** The in-process keystore. */
  readonly local: HuksApi;
  /** Undefined when the SoftHSM rows are skipped. */
  readonly softhsm: SoftHsm | undefined;
}

/** The operations of one row; a missing one is not measured (a dash in the table). */
export interface DaemonPrepared {
  readonly daemon: Operation;
  readonly inProcess: Operation;
  readonly raw: Operation;
  readonly softhsm?: Operation;
}

export interface DaemonCase {
  readonly title: string;
  /** What the daemon's rate is held against, and the ratio it should reach. */
  readonly target: { readonly against: 'softhsm' | 'raw'; readonly ratio: number };
  prepare(env: DaemonEnv): Promise<DaemonPrepared>;
}

/** In-process aliases get a prefix, so they never meet the aliases of the other rows. */
const LOCAL = 'daemon-row-';
const SMALL = { against: 'softhsm', ratio: 1 } as const;

export const DAEMON_CASES: readonly DaemonCase[] = [
  {
    title: 'AES-256-GCM, 64-byte message (init+finish)',
    target: SMALL,
    async prepare({ daemon, local, softhsm }) {
      // The parallel clients use this daemon alias too.
      await importAesKey(daemon, 'gcm');
      const key = await importAesKey(local, `${LOCAL}gcm`);
      return {
        daemon: () => huksGcm(daemon, 'gcm', [MESSAGE]),
        inProcess: () => huksGcm(local, `${LOCAL}gcm`, [MESSAGE]),
        raw: () => rawGcm(key, [MESSAGE]),
        ...(softhsm && { softhsm: softhsm.gcm }),
      };
    },
  },
  {
    title: 'ECDSA P-256 sign (SHA-256, 64 bytes)',
    target: SMALL,
    async prepare({ daemon, local, softhsm }) {
      await importP256Key(daemon, 'p256');
      const privateKey = await importP256Key(local, `${LOCAL}p256`);
      return {
        daemon: () => oneShot(daemon, 'p256', ECDSA_SIGN, []),
        inProcess: () => oneShot(local, `${LOCAL}p256`, ECDSA_SIGN, []),
        raw: () => sign('sha256', MESSAGE, privateKey),
        ...(softhsm && { softhsm: softhsm.ecdsa }),
      };
    },
  },
  {
    title: 'HMAC-SHA256, 64 bytes',
    target: SMALL,
    async prepare({ daemon, local, softhsm }) {
      await importHmacKey(daemon, 'hmac');
      const key = await importHmacKey(local, `${LOCAL}hmac`);
      return {
        // HMAC reads ALGORITHM on finish too (algorithms.md §9.1).
        daemon: () => oneShot(daemon, 'hmac', HMAC_SHA256, HMAC_SHA256),
        inProcess: () => oneShot(local, `${LOCAL}hmac`, HMAC_SHA256, HMAC_SHA256),
        raw: () => createHmac('sha256', key).update(MESSAGE).digest(),
        ...(softhsm && { softhsm: softhsm.hmac }),
      };
    },
  },
  {
    title: 'AES-256-GCM, 1 MiB in 64 KiB updates',
    target: { against: 'raw', ratio: 0.7 },
    async prepare({ daemon, local }) {
      await importAesKey(daemon, 'gcm-bulk');
      const key = await importAesKey(local, `${LOCAL}gcm-bulk`);
      return {
        daemon: () => huksGcm(daemon, 'gcm-bulk', MIB_CHUNKS),
        inProcess: () => huksGcm(local, `${LOCAL}gcm-bulk`, MIB_CHUNKS),
        raw: () => rawGcm(key, MIB_CHUNKS),
      };
    },
  },
];

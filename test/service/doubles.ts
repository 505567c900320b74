// Test doubles for the service's own logic: a KeyStore over a Map, a checksum "sealer" and a
// tiny KeystoreCore. They make the service's rules observable without the real crypto.
import { createHash, randomBytes } from 'node:crypto';

import { HuksTag } from '../../src/common/enums.js';
import type { CoreKey, CoreOperation, FinishResult, KeystoreCore } from '../../src/core/types.js';
import { HksErr, HuksFailure } from '../../src/errors/failure.js';
import { ParamSet } from '../../src/params/param-set.js';
import type { KeyStore, Namespace, Sealer, StoredKey } from '../../src/store/types.js';

/** An algorithm value the fake core refuses, to make a generate fail on purpose. */
export const FAILING_ALG = 9999;
/** A first data byte that makes a fake operation step fail. */
export const FAIL_BYTE = 0xff;

function nsKey(ns: Namespace, alias: Uint8Array): string {
  return `${JSON.stringify([ns.app, ns.userId, ns.level])}|${Buffer.from(alias).toString('hex')}`;
}

export class MapKeyStore implements KeyStore {
  readonly records = new Map<string, { ns: Namespace; alias: Uint8Array; key: StoredKey }>();

  get(ns: Namespace, alias: Uint8Array): StoredKey | undefined {
    return this.records.get(nsKey(ns, alias))?.key;
  }
  exists(ns: Namespace, alias: Uint8Array): boolean {
    return this.records.has(nsKey(ns, alias));
  }
  put(ns: Namespace, alias: Uint8Array, key: StoredKey, override: boolean): void {
    if (!override && this.exists(ns, alias)) {
      throw new HuksFailure(HksErr.KEY_ALREADY_EXIST, 'exists');
    }
    this.records.set(nsKey(ns, alias), { ns, alias: Uint8Array.from(alias), key });
  }
  delete(ns: Namespace, alias: Uint8Array): boolean {
    return this.records.delete(nsKey(ns, alias));
  }
  list(ns: Namespace): Uint8Array[] {
    // Insertion order on purpose: the service must sort.
    return [...this.records.values()]
      .filter((r) => JSON.stringify(r.ns) === JSON.stringify(ns))
      .map((r) => r.alias);
  }
  deleteApp(app: string): number {
    const doomed = [...this.records].filter(([, r]) => r.ns.app === app);
    for (const [k] of doomed) this.records.delete(k);
    return doomed.length;
  }
  close(): void {}
}

/** Not crypto: an 8-byte checksum over everything, so tampering and moves are detected. */
export class ChecksumSealer implements Sealer {
  seal(ns: Namespace, alias: Uint8Array, properties: Uint8Array, material: Uint8Array): Uint8Array {
    return Buffer.concat([this.sum(ns, alias, properties, material), material]);
  }
  unseal(ns: Namespace, alias: Uint8Array, properties: Uint8Array, sealed: Uint8Array): Uint8Array {
    const material = Uint8Array.from(sealed.subarray(8));
    const sum = this.sum(ns, alias, properties, material);
    if (!Buffer.from(sum).equals(Buffer.from(sealed.subarray(0, 8)))) {
      throw new HuksFailure(HksErr.FAILURE, 'checksum mismatch');
    }
    return material;
  }
  private sum(ns: Namespace, alias: Uint8Array, props: Uint8Array, material: Uint8Array) {
    return createHash('sha256')
      .update(JSON.stringify(ns)).update(alias).update(props).update(material)
      .digest().subarray(0, 8);
  }
}

/** Counts what the service asked of the core, and lets a test hook into an update. */
export class FakeCore implements KeystoreCore {
  generated = 0;
  opened = 0;
  disposed = 0;
  onUpdate: (() => void) | undefined;

  bindUserAuth(params: ParamSet): ParamSet {
    return params;
  }

  checkDevicePassword(): void {}

  generateKey(params: ParamSet): CoreKey {
    this.generated++;
    if (params.getNumber(HuksTag.HUKS_TAG_ALGORITHM) === FAILING_ALG) {
      throw new HuksFailure(HksErr.INVALID_ALGORITHM, 'fake core refuses');
    }
    return this.key(params, Uint8Array.from(randomBytes(16)), 2);
  }

  importKey(params: ParamSet, inData: Uint8Array): CoreKey {
    return this.key(params, Uint8Array.from(inData), 1);
  }

  /** Unwrapping is the identity here: the service's side of the call is what tests observe. */
  importWrappedKey(_wrapping: CoreKey, params: ParamSet, wrapped: Uint8Array): CoreKey {
    return this.key(params, Uint8Array.from(wrapped), 1);
  }

  exportKey(_properties: ParamSet, material: Uint8Array): Uint8Array {
    return createHash('sha256').update(material).digest();
  }

  initOperation(_properties: ParamSet, material: Uint8Array, _params: ParamSet): CoreOperation {
    this.opened++;
    return new FakeOperation(Uint8Array.from(material), this);
  }

  private key(params: ParamSet, material: Uint8Array, flag: number): CoreKey {
    const properties = params
      .without(HuksTag.HUKS_TAG_KEY_OVERRIDE)
      .with(
        { tag: HuksTag.HUKS_TAG_KEY_VERSION, value: 3 },
        { tag: HuksTag.HUKS_TAG_KEY_FLAG, value: flag },
      );
    return { properties, material };
  }
}

/**
 * Output is the input XOR the key's first byte; finish also appends a digest of the key, so a
 * test can tell which key a session used. HUKS_TAG_KEY_ALIAS at finish asks to store a key.
 */
class FakeOperation implements CoreOperation {
  private done = false;

  constructor(
    private readonly material: Uint8Array,
    private readonly core: FakeCore,
  ) {}

  update(data: Uint8Array, _params: ParamSet): Uint8Array {
    this.core.onUpdate?.();
    if (data[0] === FAIL_BYTE) throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'fake failure');
    return data.map((b) => b ^ this.material[0]!);
  }

  finish(data: Uint8Array, params: ParamSet): FinishResult {
    if (data[0] === FAIL_BYTE) throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'fake failure');
    const digest = createHash('sha256').update(this.material).digest();
    const outData = Uint8Array.from(Buffer.concat([data, digest]));
    const alias = params.getBytes(HuksTag.HUKS_TAG_KEY_ALIAS);
    if (alias === undefined) return { outData };
    const properties = new ParamSet([{ tag: HuksTag.HUKS_TAG_ALGORITHM, value: 20 }]);
    return {
      outData: new Uint8Array(0),
      storeKey: {
        alias,
        key: { properties, material: Uint8Array.from(digest) },
        override: params.getBool(HuksTag.HUKS_TAG_KEY_OVERRIDE) !== false,
      },
    };
  }

  dispose(): void {
    if (this.done) throw new Error('disposed twice');
    this.done = true;
    this.material.fill(0);
    this.core.disposed++;
  }
}

import { HuksTag, InternalTag } from '../common/enums.js';
import type { Attestation, PreparedAttestation } from '../core/attest/attestation.js';
import { checkAttestPermissions, permissionsOf } from '../core/attest/request.js';
import type { KeystoreCore } from '../core/types.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import type { ParamSet } from '../params/param-set.js';
import { checkParamSetSanity } from '../params/sanity.js';
import type { Namespace } from '../store/types.js';
import { checkAlias } from './alias.js';
import type { KeyVault } from './key-vault.js';
import { FIRST_ORDINARY_USER, resolveAliasRequest, resolveNamespace } from './namespace.js';
import { visibleProperties } from './owner.js';
import type { Caller } from './types.js';

/** HKS_MAX_KEY_ALIAS_COUNT (storage.md §10): a longer listing does not fit the reply. */
export const MAX_LISTED_ALIASES = 2048;

/**
 * The key operations of the service (api.md §4.1-§4.8, §4.12, §4.15), each in the spec's
 * order: alias, parameter set, namespace and storage level, then the key itself.
 */
export class KeyOperations {
  constructor(
    private readonly core: KeystoreCore,
    private readonly vault: KeyVault,
    private readonly attestation: Attestation,
  ) {}

  /**
   * A slow family generates on a worker thread (a promise then). The alias is checked before
   * and written after; a key stored meanwhile under it is replaced, or with override false
   * the write is refused (-167), as if the two calls had run one after the other.
   * @throws HuksFailure: -3, -140, -167, the core's codes, storage codes.
   */
  generateKey(caller: Caller, alias: Uint8Array, params: ParamSet): void | Promise<void> {
    const ns = resolveAliasRequest(caller, alias, params);
    const override = overrideOf(params);
    this.vault.refuseExisting(ns, alias, override);
    const bound = this.core.bindUserAuth(params, authOwnerOf(caller, params));

    const key = this.core.generateKey(bound);
    if (!(key instanceof Promise)) return this.storeKey(caller, ns, alias, key, bound, override);
    return key.then((generated) => this.storeKey(caller, ns, alias, generated, bound, override));
  }

  /** @throws HuksFailure: -3, -140, -167, the core's codes (-19 bad material), storage codes. */
  importKey(caller: Caller, alias: Uint8Array, params: ParamSet, material: Uint8Array): void {
    const ns = resolveAliasRequest(caller, alias, params);
    const override = overrideOf(params);
    this.vault.refuseExisting(ns, alias, override);
    const bound = this.core.bindUserAuth(params, authOwnerOf(caller, params));

    const key = this.core.importKey(bound, material);
    this.storeKey(caller, ns, alias, key, bound, override);
  }

  /**
   * api.md §4.5, key-formats.md §8: aliases, parameters, override, the wrapping key and the
   * suite, then the core unwraps with the loaded wrapping key and imports. The new key is
   * stored only after all of that passed, so a failure stores nothing.
   * @throws HuksFailure: -3, -13, -100, -167, the core's unwrap and import codes, storage codes.
   */
  importWrappedKey(
    caller: Caller,
    alias: Uint8Array,
    wrappingAlias: Uint8Array,
    params: ParamSet,
    wrapped: Uint8Array,
  ): void {
    // The reference's order: key alias, wrapping key alias, then the parameter set.
    checkAlias(alias);
    checkAlias(wrappingAlias, 'wrapping key alias');
    const ns = resolveAliasRequest(caller, alias, params);
    const override = overrideOf(params);
    this.vault.refuseExisting(ns, alias, override);
    if (!this.vault.exists(ns, wrappingAlias)) {
      throw new HuksFailure(HksErr.NOT_EXIST, 'no wrapping key with this alias');
    }
    if (!params.has(HuksTag.HUKS_TAG_UNWRAP_ALGORITHM_SUITE)) {
      throw new HuksFailure(HksErr.CHECK_GET_ALG_FAIL, 'HUKS_TAG_UNWRAP_ALGORITHM_SUITE missing');
    }
    const bound = this.core.bindUserAuth(params, authOwnerOf(caller, params));

    const wrapping = this.vault.load(caller, ns, wrappingAlias);
    let key;
    try {
      key = this.core.importWrappedKey(wrapping, bound, wrapped);
    } finally {
      wrapping.material.fill(0);
    }
    this.storeKey(caller, ns, alias, key, bound, override);
  }

  /** @throws HuksFailure: -3, -13, 12000012 codes, the core's export codes. */
  exportKey(caller: Caller, alias: Uint8Array, params: ParamSet): Uint8Array {
    const ns = resolveAliasRequest(caller, alias, params);
    const key = this.vault.load(caller, ns, alias);
    try {
      return this.core.exportKey(key.properties, key.material);
    } finally {
      key.material.fill(0);
    }
  }

  /** @throws HuksFailure -13 (12000011) when there is no such key. */
  deleteKey(caller: Caller, alias: Uint8Array, params: ParamSet): void {
    const ns = resolveAliasRequest(caller, alias, params);
    this.vault.delete(ns, alias);
  }

  /**
   * The stored properties minus the sensitive tags (storage.md §3). The record is unsealed
   * first, so a corrupt or foreign record answers 12000012 as the spec's read table says.
   */
  getKeyProperties(caller: Caller, alias: Uint8Array, params: ParamSet): ParamSet {
    const ns = resolveAliasRequest(caller, alias, params);
    const key = this.vault.load(caller, ns, alias);
    key.material.fill(0);
    return visibleProperties(key.properties);
  }

  /** storage.md §9: only presence counts; the api layer turns false into 12000011 where due. */
  keyExists(caller: Caller, alias: Uint8Array, params: ParamSet): boolean {
    const ns = resolveAliasRequest(caller, alias, params);
    return this.vault.exists(ns, alias);
  }

  /**
   * storage.md §10: one namespace and level, sorted by bytes (order is not guaranteed by the
   * spec; sorting makes it deterministic).
   * @throws HuksFailure -7 (401 "Insufficient buffer size.") above 2048 aliases.
   */
  listAliases(caller: Caller, params: ParamSet): Uint8Array[] {
    checkParamSetSanity(params);
    const ns = resolveNamespace(caller, params);
    const aliases = this.vault.list(ns);
    if (aliases.length > MAX_LISTED_ALIASES) {
      throw new HuksFailure(
        HksErr.BUFFER_TOO_SMALL,
        `${aliases.length} aliases, more than ${MAX_LISTED_ALIASES}`,
      );
    }
    return aliases.sort((a, b) => Buffer.compare(a, b));
  }

  /**
   * attestKeyItem and anonAttestKeyItem (attestation.md): the permission checks of the IPC
   * layer, the key, the core's checks and the public key while the material is held, then the
   * chain, leaf first, as PEM strings.
   * @throws HuksFailure -3 (401), -5 (201), -13 (12000011), 12000012 codes, -4 (12000001), -7
   *   (401) as Attestation.prepare/issue say.
   */
  async attestKey(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<string[]> {
    const ns = resolveAliasRequest(caller, alias, params);
    checkAttestPermissions(params, permissionsOf(caller.isSystem));

    const key = this.vault.load(caller, ns, alias);
    let prepared: PreparedAttestation;
    try {
      this.core.checkDevicePassword(key.properties);
      prepared = this.attestation.prepare({
        params,
        key: key.properties,
        caller: {
          name: caller.app,
          isSystem: caller.isSystem,
          isService: caller.userId < FIRST_ORDINARY_USER,
        },
        exportPublic: () => this.core.exportKey(key.properties, key.material),
      });
    } finally {
      key.material.fill(0);
    }
    return this.attestation.issue(prepared);
  }

  private storeKey(
    caller: Caller,
    ns: Namespace,
    alias: Uint8Array,
    key: { properties: ParamSet; material: Uint8Array },
    params: ParamSet,
    override: boolean,
  ): void {
    try {
      this.vault.save(caller, ns, alias, key, params, override);
    } finally {
      key.material.fill(0);
    }
  }
}

/** HUKS_TAG_KEY_OVERRIDE (storage.md §7): absent or true replaces, false refuses. */
export function overrideOf(params: ParamSet): boolean {
  return params.getBool(HuksTag.HUKS_TAG_KEY_OVERRIDE) !== false;
}

/** The OS user a key is bound to: the *AsUser target (SPECIFIC_USER_ID), else the caller's. */
function authOwnerOf(caller: Caller, params: ParamSet): { userId: number } {
  return { userId: params.getNumber(InternalTag.HKS_TAG_SPECIFIC_USER_ID) ?? caller.userId };
}

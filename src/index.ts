/**
 * openhuks: OpenHarmony's Universal Keystore (`@ohos.security.huks`) for Node.js.
 *
 *     import huks from 'openhuks';                 // the default instance, from the environment
 *     import { createHuks } from 'openhuks';       // an instance with its own identity and home
 *
 * Nothing is opened at import: storage is opened by the first asynchronous call.
 */
import { randomUUID } from 'node:crypto';

import { createHuksNamespace, type HuksNamespace } from './api/index.js';
import { LocalKeystoreClient } from './client/local-client.js';
import type { KeystoreClient } from './client/types.js';
import { RemoteKeystoreClient } from './client/remote-client.js';
import {
  remoteConfigFromEnv,
  resolveConfig,
  resolveRemoteConfig,
  type CreateHuksOptions,
  type InstanceConfig,
} from './config.js';
import { createKeystoreCore } from './core/keystore-core.js';
import { IdentityService } from './iam/identity-service.js';
import { createLocalHost } from './service/local-host.js';
import { openStorage } from './store/open.js';

export * from './api/index.js';
// The public enumerations only (tags.md); internal tags and the allow-list stay private.
export {
  HuksAuthAccessType,
  HuksAuthStorageLevel,
  HuksChallengePosition,
  HuksChallengeType,
  HuksCipherMode,
  HuksErrorCode,
  HuksExceptionErrCode,
  HuksImportKeyType,
  HuksKeyAlg,
  HuksKeyClassType,
  HuksKeyDigest,
  HuksKeyFlag,
  HuksKeyGenerateType,
  HuksKeyPadding,
  HuksKeyPurpose,
  HuksKeySecurityLevel,
  HuksKeySize,
  HuksKeyStorageType,
  HuksKeyWrapType,
  HuksRsaPssSaltLenType,
  HuksSecureSignType,
  HuksSendType,
  HuksTag,
  HuksTagType,
  HuksUnwrapSuite,
  HuksUserAuthMode,
  HuksUserAuthType,
} from './common/enums.js';
export type { CreateHuksOptions } from './config.js';
export type { SessionPolicy } from './service/session-policy.js';

/**
 * A HUKS namespace with its own identity (app, user, uid, system flag), data directory and
 * session policy; omitted options come from HUKS_HOME, HUKS_APP and HUKS_SESSION_POLICY.
 * With `socket` (and `appToken`, default HUKS_APP_TOKEN) it talks to the keystore daemon
 * instead, which knows the app by its token. Its non-enumerable `close()` ends its sessions
 * and closes its storage or its connection.
 * @throws TypeError or RangeError naming the option when an option or variable is invalid.
 */
export function createHuks(options?: CreateHuksOptions): HuksNamespace {
  const remote = resolveRemoteConfig(options);
  if (remote !== undefined) return createHuksNamespace(() => new RemoteKeystoreClient(remote));
  const config = resolveConfig(options);
  return createHuksNamespace(() => localClient(config));
}

function localClient(config: InstanceConfig): KeystoreClient {
  const caller = {
    app: config.app,
    userId: config.userId,
    uid: config.uid,
    isSystem: config.isSystem,
    connectionId: `local:${randomUUID()}`,
  };
  const host = createLocalHost({
    home: config.home,
    sessionPolicy: config.sessionPolicy,
    openStorage,
    // The device's identity service lives in the same data directory (docs/access-control.md).
    createCore: () => createKeystoreCore({ iam: new IdentityService(config.home) }),
  });
  return new LocalKeystoreClient(caller, host);
}

/**
 * The default instance's client, built from the environment at its first call: the daemon
 * when HUKS_SOCKET is set (app token HUKS_APP_TOKEN), else a keystore in this process.
 */
function defaultClient(): KeystoreClient {
  const remote = remoteConfigFromEnv(process.env);
  if (remote !== undefined) return new RemoteKeystoreClient(remote);
  return localClient(resolveConfig({}, process.env));
}

const huks: HuksNamespace = createHuksNamespace(defaultClient);
export default huks;

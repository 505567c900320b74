/**
 * openhuks/iam: the user identity service (UserIAM emulator) of a data directory.
 *
 *     import { openIam } from 'openhuks/iam';
 *     const iam = openIam({ home });          // the same home as createHuks({ home })
 *     iam.setPin('123456');
 *     const token = iam.authenticate(challenge, 'pin', '123456');
 *
 * The keystore of that home (in process or its daemon) verifies the tokens it issues.
 */
import { defaultHome } from '../store/open.js';
import { IdentityService } from './identity-service.js';

export { AUTH_TOKEN_SIZE, CHALLENGE_SIZE } from './auth-token.js';
export { AuthTrustLevel, IamAuthType, type CredentialKind } from './auth-types.js';
export {
  IamError,
  IdentityService,
  type AuthenticateOptions,
  type IamErrorCode,
  type UserOption,
  type UserStatus,
} from './identity-service.js';

export interface OpenIamOptions {
  /** The data directory; HUKS_HOME, else the library's default folder, when omitted. */
  readonly home?: string;
}

/** The identity service of a data directory. Nothing is opened until the first call. */
export function openIam(options: OpenIamOptions = {}): IdentityService {
  return new IdentityService(options.home ?? defaultHome(process.env));
}

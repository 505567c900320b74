import { HuksUserAuthType as H } from '../common/enums.js';

/**
 * UserIAM's own encoding of the credential types (access-control.md §6.2): PIN and FINGERPRINT
 * are swapped relative to HUKS's HuksUserAuthType, which is why every crossing converts.
 */
export const IamAuthType = Object.freeze({
  PIN: 1,
  FACE: 2,
  FINGERPRINT: 4,
  TUI_PIN: 32,
} as const);

/** The three credential kinds the emulator enrols, by the names the CLI and API use. */
export type CredentialKind = 'pin' | 'face' | 'fingerprint';

export const CREDENTIAL_KINDS: readonly CredentialKind[] = ['pin', 'face', 'fingerprint'];

/** Trust levels of a token (access-control.md §6.2): ATL1..ATL4. */
export const AuthTrustLevel = Object.freeze({
  ATL1: 10000,
  ATL2: 20000,
  ATL3: 30000,
  ATL4: 40000,
} as const);

const IAM_OF_KIND: Readonly<Record<CredentialKind, number>> = {
  pin: IamAuthType.PIN,
  face: IamAuthType.FACE,
  fingerprint: IamAuthType.FINGERPRINT,
};

const HUKS_OF_IAM: ReadonlyMap<number, number> = new Map([
  [IamAuthType.PIN, H.HUKS_USER_AUTH_TYPE_PIN],
  [IamAuthType.FACE, H.HUKS_USER_AUTH_TYPE_FACE],
  [IamAuthType.FINGERPRINT, H.HUKS_USER_AUTH_TYPE_FINGERPRINT],
  [IamAuthType.TUI_PIN, H.HUKS_USER_AUTH_TYPE_TUI_PIN],
]);

export function iamTypeOf(kind: CredentialKind): number {
  return IAM_OF_KIND[kind];
}

/** HUKS encoding of an IAM auth type (§6.3 step 7); undefined for a value UserIAM never uses. */
export function huksTypeOfIam(iamType: number): number | undefined {
  return HUKS_OF_IAM.get(iamType);
}

/** IAM encoding of a single HUKS auth type bit (FINGERPRINT, FACE, PIN, TUI_PIN). */
export function iamTypeOfHuks(huksType: number): number | undefined {
  for (const [iam, huks] of HUKS_OF_IAM) if (huks === huksType) return iam;
  return undefined;
}

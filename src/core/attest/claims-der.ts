import {
  AsnArray, AsnBooleanConverter, AsnIntegerConverter, AsnOctetStringConverter, AsnParser,
  AsnProp, AsnPropTypes, AsnSerializer, AsnType, AsnTypeTypes, AsnUtf8StringConverter,
} from '@peculiar/asn1-schema';

/**
 * The DER of the HUKS attestation extension (attestation.md §5.3), through the
 * @peculiar/asn1-schema serializer:
 *
 *     AttestationClaims ::= SEQUENCE { version INTEGER (0), claims Claim ... }  -- no wrapper
 *     Claim ::= SEQUENCE { securityLevel INTEGER, type OBJECT IDENTIFIER, value ANY }
 *
 * The claims follow the version directly inside the one SEQUENCE, which no schema field type
 * expresses, so the outer SEQUENCE is a list of already-encoded elements. The schema classes
 * are declared with the decorator functions called directly, because the project compiles
 * without legacy decorators.
 */

export interface Claim {
  readonly level: number;
  readonly oid: string;
  /** DER of the value (OCTET STRING, UTF8String, BOOLEAN or the application-id SEQUENCE). */
  readonly value: Uint8Array;
}

/** The AttestationClaims version the reference writes and openhuks accepts. */
export const CLAIMS_VERSION = 0;

class ClaimSchema {
  securityLevel = 0;
  type = '';
  value: ArrayBuffer = new ArrayBuffer(0);
}
AsnType({ type: AsnTypeTypes.Sequence })(ClaimSchema);
AsnProp({ type: AsnPropTypes.Integer })(ClaimSchema.prototype, 'securityLevel');
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(ClaimSchema.prototype, 'type');
AsnProp({ type: AsnPropTypes.Any })(ClaimSchema.prototype, 'value');

class ClaimsSchema extends AsnArray<ArrayBuffer> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: AsnPropTypes.Any })(ClaimsSchema);

/** The application-id claim value: SEQUENCE { OID kind, OCTET STRING json }. */
class AppIdSchema {
  kind = '';
  json: ArrayBuffer = new ArrayBuffer(0);
}
AsnType({ type: AsnTypeTypes.Sequence })(AppIdSchema);
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(AppIdSchema.prototype, 'kind');
AsnProp({ type: AsnPropTypes.OctetString })(AppIdSchema.prototype, 'json');

/** DER of the whole AttestationClaims SEQUENCE: the extnValue content of the extension. */
export function encodeClaims(claims: readonly Claim[]): Uint8Array {
  const version = AsnSerializer.serialize(AsnIntegerConverter.toASN(CLAIMS_VERSION));
  const items = new ClaimsSchema([version]);
  for (const claim of claims) {
    const schema = new ClaimSchema();
    schema.securityLevel = claim.level;
    schema.type = claim.oid;
    schema.value = toArrayBuffer(claim.value);
    items.push(AsnSerializer.serialize(schema));
  }
  return new Uint8Array(AsnSerializer.serialize(items));
}

/**
 * Parses an AttestationClaims SEQUENCE (for verifiers and the tests).
 * @throws Error when the bytes are not the §5.3 structure or the version is not 0.
 */
export function decodeClaims(der: Uint8Array): Claim[] {
  const items = AsnParser.parse(der, ClaimsSchema);
  const [version, ...rest] = items;
  if (version === undefined) throw new Error('AttestationClaims: empty SEQUENCE');
  const versionValue = AsnParser.parse(version, IntegerBox).value;
  if (versionValue !== CLAIMS_VERSION) {
    throw new Error(`AttestationClaims: version ${versionValue}, expected ${CLAIMS_VERSION}`);
  }
  return rest.map((item) => {
    const claim = AsnParser.parse(item, ClaimSchema);
    return { level: claim.securityLevel, oid: claim.type, value: new Uint8Array(claim.value) };
  });
}

/** A claim value: OCTET STRING of the bytes (challenge, key id, the u32 claims). */
export function octetString(bytes: Uint8Array): Uint8Array {
  return serialize(AsnOctetStringConverter.toASN(toArrayBuffer(bytes)));
}

/** A claim value: UTF8String (the device-identity claims). */
export function utf8String(text: string): Uint8Array {
  return serialize(AsnUtf8StringConverter.toASN(text));
}

/** A claim value: BOOLEAN TRUE (the algorithm-group claims). */
export function booleanTrue(): Uint8Array {
  return serialize(AsnBooleanConverter.toASN(true));
}

/** The value of the application-id claim (§5.3 row 3). */
export function appIdValue(kind: string, json: string): Uint8Array {
  const schema = new AppIdSchema();
  schema.kind = kind;
  schema.json = toArrayBuffer(new TextEncoder().encode(json));
  return new Uint8Array(AsnSerializer.serialize(schema));
}

/** Reads an application-id claim value back: its kind OID and JSON text. */
export function readAppIdValue(der: Uint8Array): { kind: string; json: string } {
  const schema = AsnParser.parse(der, AppIdSchema);
  return { kind: schema.kind, json: new TextDecoder().decode(schema.json) };
}

/** Reads an OCTET STRING claim value back. */
export function readOctetString(der: Uint8Array): Uint8Array {
  return new Uint8Array(AsnParser.parse(der, OctetBox).value);
}

/** Reads a UTF8String claim value back. */
export function readUtf8String(der: Uint8Array): string {
  return AsnParser.parse(der, Utf8Box).value;
}

/** Reads a BOOLEAN claim value back. */
export function readBoolean(der: Uint8Array): boolean {
  return AsnParser.parse(der, BooleanBox).value;
}

/** Single-field CHOICE types: a way to parse one universal value with the schema parser. */
class IntegerBox {
  value = 0;
}
AsnType({ type: AsnTypeTypes.Choice })(IntegerBox);
AsnProp({ type: AsnPropTypes.Integer })(IntegerBox.prototype, 'value');

class OctetBox {
  value: ArrayBuffer = new ArrayBuffer(0);
}
AsnType({ type: AsnTypeTypes.Choice })(OctetBox);
AsnProp({ type: AsnPropTypes.OctetString })(OctetBox.prototype, 'value');

class Utf8Box {
  value = '';
}
AsnType({ type: AsnTypeTypes.Choice })(Utf8Box);
AsnProp({ type: AsnPropTypes.Utf8String })(Utf8Box.prototype, 'value');

class BooleanBox {
  value = false;
}
AsnType({ type: AsnTypeTypes.Choice })(BooleanBox);
AsnProp({ type: AsnPropTypes.Boolean })(BooleanBox.prototype, 'value');

function serialize(asn: Parameters<typeof AsnSerializer.serialize>[0]): Uint8Array {
  return new Uint8Array(AsnSerializer.serialize(asn));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

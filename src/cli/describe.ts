import { HuksTag } from '../common/enums.js';
import {
  ALGORITHMS,
  DIGESTS,
  IMPORT_TYPES,
  KEY_FLAGS,
  MODES,
  nameOf,
  PADDINGS,
  purposeNames,
  PSS_SALT_TYPES,
  STORAGE_LEVELS,
  STORAGE_TYPES,
  type Vocabulary,
} from './words.js';

/** Turns stored key properties into readable names and values for `huks info`. */

const TAG_NAMES = new Map<number, string>(
  Object.entries(HuksTag).map(([name, value]) => [value, name.replace(/^HUKS_TAG_/, '')]),
);

const VALUE_WORDS: ReadonlyMap<number, Vocabulary> = new Map([
  [HuksTag.HUKS_TAG_ALGORITHM, ALGORITHMS],
  [HuksTag.HUKS_TAG_BLOCK_MODE, MODES],
  [HuksTag.HUKS_TAG_PADDING, PADDINGS],
  [HuksTag.HUKS_TAG_DIGEST, DIGESTS],
  [HuksTag.HUKS_TAG_IMPORT_KEY_TYPE, IMPORT_TYPES],
  [HuksTag.HUKS_TAG_RSA_PSS_SALT_LEN_TYPE, PSS_SALT_TYPES],
  [HuksTag.HUKS_TAG_AUTH_STORAGE_LEVEL, STORAGE_LEVELS],
  [HuksTag.HUKS_TAG_KEY_FLAG, KEY_FLAGS],
  [HuksTag.HUKS_TAG_KEY_STORAGE_FLAG, STORAGE_TYPES],
  [HuksTag.HUKS_TAG_DERIVED_AGREED_KEY_STORAGE_FLAG, STORAGE_TYPES],
]);

export interface DescribedProperty {
  readonly tag: number;
  readonly name: string;
  readonly value: string | number | boolean | null;
}

export function describeProperty(tag: number, value: unknown): DescribedProperty {
  const name = TAG_NAMES.get(tag) ?? `TAG_${tag}`;
  return { tag, name, value: describeValue(tag, value) };
}

function describeValue(tag: number, value: unknown): string | number | boolean | null {
  // An alias is text (the UTF-8 bytes of the alias string); other bytes print as hex.
  if (tag === HuksTag.HUKS_TAG_KEY_ALIAS && value instanceof ArrayBuffer) {
    return Buffer.from(value).toString('utf8');
  }
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString('hex');
  if (ArrayBuffer.isView(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  }
  if (typeof value === 'number') {
    if (tag === HuksTag.HUKS_TAG_PURPOSE) return purposeNames(value);
    const words = VALUE_WORDS.get(tag);
    return words === undefined ? value : nameOf(words, value);
  }
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  return value === null || value === undefined ? null : String(value);
}

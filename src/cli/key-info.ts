import { HuksTag } from '../common/enums.js';
import type { CliContext } from './context.js';

/**
 * What the CLI needs to know about a stored key to build an operation's properties: the
 * values stored at generation/import (getKeyItemProperties), so that `huks encrypt` on an
 * AES-GCM key needs no `--mode`. A command option overrides each of them.
 */
export interface KeyInfo {
  readonly alg: number;
  readonly size: number | undefined;
  readonly purpose: number | undefined;
  readonly mode: number | undefined;
  readonly padding: number | undefined;
  readonly digest: number | undefined;
  readonly pssSaltType: number | undefined;
  /** Every stored property, for `huks info`. */
  readonly properties: ReadonlyArray<{ tag: number; value: unknown }>;
}

export async function readKeyInfo(ctx: CliContext, alias: string): Promise<KeyInfo> {
  const result = await ctx.huks.getKeyItemProperties(alias, { properties: ctx.levelParams() });
  const properties = result?.properties ?? [];
  const number = (tag: number): number | undefined => {
    const found = properties.find((p) => p.tag === tag);
    return typeof found?.value === 'number' ? found.value : undefined;
  };
  return {
    alg: number(HuksTag.HUKS_TAG_ALGORITHM) ?? -1,
    size: number(HuksTag.HUKS_TAG_KEY_SIZE),
    purpose: number(HuksTag.HUKS_TAG_PURPOSE),
    mode: number(HuksTag.HUKS_TAG_BLOCK_MODE),
    padding: number(HuksTag.HUKS_TAG_PADDING),
    digest: number(HuksTag.HUKS_TAG_DIGEST),
    pssSaltType: number(HuksTag.HUKS_TAG_RSA_PSS_SALT_LEN_TYPE),
    properties,
  };
}

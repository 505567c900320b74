import { readFileSync } from 'node:fs';

import { HuksTag } from '../common/enums.js';
import { openHuks, type HuksApi, type HuksParam } from './huks-api.js';
import { UsageError } from './usage-error.js';
import { parseCount, parseWord, STORAGE_LEVELS } from './words.js';

/** The options every command accepts (declared once on the program in main.ts). */
export interface GlobalOptions {
  home?: string;
  app?: string;
  user?: string;
  level?: string;
  socket?: string;
  appTokenFile?: string;
  json?: boolean;
  progress?: boolean;
}

/** Where command output goes; tests pass in-memory writers, main.ts the process streams. */
export interface Terminal {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * One command run: the parsed global options, a keystore opened on first use (so `--help`
 * and usage errors never touch HUKS_HOME), and the two ways of reporting a result.
 */
export class CliContext {
  readonly json: boolean;
  readonly progress: boolean;
  private readonly globals: GlobalOptions;
  private opened: HuksApi | undefined;

  constructor(globals: GlobalOptions, readonly terminal: Terminal) {
    this.globals = globals;
    this.json = globals.json === true;
    this.progress = globals.progress !== false && terminal.stderr.isTTY === true;
  }

  get huks(): HuksApi {
    if (this.opened === undefined) {
      const user = this.globals.user ?? process.env.HUKS_USER;
      const socket = this.globals.socket ?? (process.env.HUKS_SOCKET || undefined);
      const tokenFile = this.globals.appTokenFile;
      this.opened = openHuks({
        home: this.globals.home ?? process.env.HUKS_HOME,
        app: this.globals.app ?? process.env.HUKS_APP,
        userId: user === undefined ? undefined : parseCount('user id', user),
        socket,
        // A file rather than an argument: tokens on a command line show up in `ps`.
        appToken: tokenFile === undefined ? undefined : readFileSync(tokenFile, 'utf8').trim(),
      });
    }
    return this.opened;
  }

  /** Properties every key-addressing call carries: the storage level, when one is chosen. */
  levelParams(): HuksParam[] {
    if (this.globals.level === undefined) return [];
    const level = parseWord(STORAGE_LEVELS, this.globals.level);
    return [{ tag: HuksTag.HUKS_TAG_AUTH_STORAGE_LEVEL, value: level }];
  }

  /** Prints a result: the JSON object with `--json`, the human lines otherwise. */
  report(json: Record<string, unknown>, text: string): void {
    const line = this.json ? JSON.stringify(json) : text;
    this.terminal.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
  }

  async close(): Promise<void> {
    const huks = this.opened;
    this.opened = undefined;
    if (huks !== undefined) await huks.close();
  }
}

/** A required option value, or a UsageError naming the option. */
export function required<T>(value: T | undefined, option: string): T {
  if (value === undefined) throw new UsageError(`missing required option ${option}`);
  return value;
}

import type { Command } from 'commander';

import type { CliContext } from './context.js';

/** A command's body: positional arguments and the command's own options. */
export type Action<O> = (ctx: CliContext, args: string[], options: O) => Promise<void>;

/**
 * Wraps an action for commander: builds the context from the global options, runs the body,
 * and always closes the keystore. main.ts supplies it, so errors are reported in one place.
 */
export type Runner = <O>(action: Action<O>) => (...commanderArgs: unknown[]) => Promise<void>;

/** Each command-group module exports one of these. */
export type Register = (program: Command, run: Runner) => void;

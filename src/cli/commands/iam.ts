import type { Command } from 'commander';

import { IamError, openIam, type IdentityService } from '../../iam/index.js';
import type { CredentialKind } from '../../iam/auth-types.js';
import { defaultHome } from '../../store/open.js';
import type { Action, Register, Runner } from '../command.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../usage-error.js';
import { parseCount, parseHex } from '../words.js';

interface AuthOptions {
  challenge?: string;
  pin?: string;
  finger?: string;
  face?: string;
  time?: string;
  tokenType?: string;
}

/** The identity operations act as this OS user: --user, else HUKS_USER, else 100. */
type Target = { iam: IdentityService; userId: number };

/**
 * `huks iam`: the user identity service (UserIAM emulator) of the data directory - the
 * lock-screen PIN, fingerprints and faces per OS user, token issuance for a challenge, and the
 * device switches tests need (clock, availability, foreground user). Like `huks app`, these are
 * admin operations on the data directory itself (docs/access-control.md): an app reaches the
 * keystore only through its token and the HUKS API, and cannot call them.
 */
export const registerIamCommands: Register = (program, run) => {
  const iam = program.command('iam').description('the emulated user identity service (UserIAM)');
  const target = (): Target => {
    const globals = program.opts<{ home?: string; user?: string }>();
    const user = globals.user ?? process.env['HUKS_USER'];
    return {
      iam: openIam({ home: globals.home ?? defaultHome(process.env) }),
      userId: user === undefined ? 100 : parseCount('user id', user),
    };
  };
  const act = <O>(body: (ctx: CliContext, t: Target, args: string[], o: O) => void): Action<O> =>
    async (ctx, args, options) => {
      try {
        body(ctx, target(), args, options);
      } catch (err) {
        // A refusal of the identity service is not a usage error: exit status 1.
        if (err instanceof IamError) throw new Error(`iam ${err.code}: ${err.message}`);
        throw err;
      }
    };

  registerPin(iam.command('pin').description('the lock-screen password'), run, act);
  registerBiometric(iam, 'finger', 'fingerprint', run, act);
  registerBiometric(iam, 'face', 'face', run, act);

  iam
    .command('auth')
    .description('authenticate and print the 280-byte auth token as hex')
    .requiredOption('--challenge <hex>', 'the challenge from initSession (0..32 bytes)')
    .option('--pin <pin>', 'authenticate with the PIN')
    .option('--finger <name>', 'authenticate with an enrolled finger')
    .option('--face <name>', 'authenticate with an enrolled face')
    .option('--time <ms>', 'token time on the device clock (default: now)')
    .option('--token-type <n>', '0 local (default), 1 re-sign, 2 co-auth')
    .action(run<AuthOptions>(act((ctx, { iam: service, userId }, _args, o) => {
      const [kind, credential] = credentialOf(o);
      const token = service.authenticate(parseHex('challenge', o.challenge ?? ''), kind,
        credential, {
          userId,
          ...(o.time === undefined ? {} : { time: parseCount('time', o.time) }),
          ...(o.tokenType === undefined
            ? {} : { tokenType: parseCount('token type', o.tokenType) }),
        });
      const hex = Buffer.from(token).toString('hex');
      ctx.report({ command: 'iam auth', user: userId, type: kind, token: hex }, hex);
    })));

  iam
    .command('status')
    .description('show the user\'s PIN state, secure UID, fingers, faces and enrolled ids')
    .action(run(act((ctx, { iam: service, userId }) => {
      const s = service.status({ userId });
      const lines = [
        `user ${s.userId}: PIN ${s.pinSet ? 'set' : 'not set'}`,
        `secure UID ${s.secureUid ?? '-'}`,
        `fingerprints ${s.fingerprints.join(', ') || '-'}`,
        `faces ${s.faces.join(', ') || '-'}`,
        ...Object.entries(s.enrolledIds).map(([kind, id]) => `enrolled id ${kind} ${id}`),
        `service ${service.isAvailable() ? 'available' : 'unavailable'}`,
      ];
      ctx.report({ command: 'iam status', ...s, available: service.isAvailable() },
        lines.join('\n'));
    })));

  iam
    .command('clock <action> [ms]')
    .description('device clock: "show", "set MS" (freeze), "advance MS", "real"')
    .action(run(act((ctx, { iam: service }, [action, ms]) => {
      if (action === 'set') service.setClock(parseCount('milliseconds', required(ms, 'MS')));
      else if (action === 'advance') service.advanceClock(parseSigned(required(ms, 'MS')));
      else if (action === 'real') service.setClock(undefined);
      else if (action !== 'show') throw new UsageError(`unknown clock action '${action}'`);
      const now = service.now();
      ctx.report({ command: 'iam clock', now }, `clock ${now} ms`);
    })));

  iam
    .command('available <state>')
    .description('"on" or "off": off, the identity service fails every call (12000015)')
    .action(run(act((ctx, { iam: service }, [state]) => {
      if (state !== 'on' && state !== 'off') throw new UsageError(`expected on or off`);
      service.setAvailable(state === 'on');
      ctx.report({ command: 'iam available', available: state === 'on' }, `service ${state}`);
    })));

  iam
    .command('foreground <user>')
    .description('set the foreground OS user (bound by ALWAYS_VALID keys of user 0)')
    .action(run(act((ctx, { iam: service }, [user]) => {
      const userId = parseCount('user id', user!);
      service.setForegroundUser(userId);
      ctx.report({ command: 'iam foreground', user: userId }, `foreground user ${userId}`);
    })));
};

type Act = <O>(body: (ctx: CliContext, t: Target, args: string[], o: O) => void) => Action<O>;

function registerPin(pin: Command, run: Runner, act: Act): void {
  pin.command('set <pin>').description('set the lock-screen PIN (a new secure UID)')
    .action(run(act((ctx, { iam, userId }, [value]) => {
      iam.setPin(value!, { userId });
      ctx.report({ command: 'iam pin set', user: userId }, `PIN set for user ${userId}`);
    })));
  pin.command('change <old> <new>').description('change the PIN (keys stay valid)')
    .action(run(act((ctx, { iam, userId }, [oldPin, newPin]) => {
      iam.changePin(oldPin!, newPin!, { userId });
      ctx.report({ command: 'iam pin change', user: userId }, `PIN changed for user ${userId}`);
    })));
  pin.command('clear').description('remove the PIN and the biometrics enrolled on it')
    .action(run(act((ctx, { iam, userId }) => {
      iam.clearPin({ userId });
      ctx.report({ command: 'iam pin clear', user: userId }, `PIN cleared for user ${userId}`);
    })));
}

function registerBiometric(iam: Command, word: string, kind: 'fingerprint' | 'face',
  run: Runner, act: Act): void {
  const group = iam.command(word).description(`enrolled ${kind}s (need a PIN)`);
  group.command('add <name>').description(`enrol a ${kind} (its enrolled id changes)`)
    .action(run(act((ctx, { iam: service, userId }, [name]) => {
      if (kind === 'face') service.enrollFace(name!, { userId });
      else service.enrollFingerprint(name!, { userId });
      ctx.report({ command: `iam ${word} add`, user: userId, name }, `${kind} ${name} enrolled`);
    })));
  group.command('remove <name>').description(`delete a ${kind} (its enrolled id stays)`)
    .action(run(act((ctx, { iam: service, userId }, [name]) => {
      if (kind === 'face') service.removeFace(name!, { userId });
      else service.removeFingerprint(name!, { userId });
      ctx.report({ command: `iam ${word} remove`, user: userId, name }, `${kind} ${name} removed`);
    })));
}

function credentialOf(o: AuthOptions): [CredentialKind, string] {
  const given: [CredentialKind, string | undefined][] = [
    ['pin', o.pin], ['fingerprint', o.finger], ['face', o.face],
  ];
  const chosen = given.filter(([, value]) => value !== undefined);
  if (chosen.length !== 1) throw new UsageError('give exactly one of --pin, --finger, --face');
  return chosen[0] as [CredentialKind, string];
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`missing ${name}`);
  return value;
}

function parseSigned(input: string): number {
  if (/^-?[0-9]+$/.test(input.trim())) return Number(input.trim());
  throw new UsageError(`invalid milliseconds '${input}'; expected an integer`);
}

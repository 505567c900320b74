import { uidOf } from '../config.js';
import { openStorage } from '../store/open.js';
import { AppRegistry, RegistryError, type AppRecord } from './registry.js';

/**
 * The admin side of app identity (`huks app add/list/remove`). It works on the data directory
 * directly, whether or not a daemon is running: the daemon reads the registry at every new
 * connection and checks it for removals before each request (daemon/server.ts), so a change
 * takes effect without talking to the daemon. File permissions (0700 directory, 0600 files)
 * are what make someone an admin.
 */

export interface AddAppOptions {
  readonly bundle: string;
  /** OS user id; 100 (the first ordinary user) by default. */
  readonly userId?: number;
  /** The uid stored with the app's keys; by default the same as in-process mode (uidOf). */
  readonly uid?: number;
  /** May call the *AsUser functions. */
  readonly isSystem?: boolean;
}

/** Registers an app and returns its token, shown only this once. @throws RegistryError. */
export function addApp(home: string, options: AddAppOptions): { token: string; record: AppRecord } {
  if (options.bundle.length === 0) throw new RegistryError('the bundle name must not be empty');
  const registry = AppRegistry.open(home);
  try {
    return registry.add({
      bundle: options.bundle,
      userId: options.userId ?? 100,
      uid: options.uid ?? uidOf(options.bundle),
      isSystem: options.isSystem ?? false,
    });
  } finally {
    registry.close();
  }
}

export function listApps(home: string): AppRecord[] {
  const registry = AppRegistry.open(home);
  try {
    return registry.list();
  } finally {
    registry.close();
  }
}

/**
 * Uninstalls an app: its registrations (all users) go first, so that no new connection is
 * accepted and the daemon ends the live ones with their sessions; then every key of the app.
 * @throws RegistryError for an app that is not registered; HuksFailure (12000004 family) when
 *   the key store cannot be opened.
 */
export function removeApp(home: string, bundle: string): { removed: AppRecord[]; keys: number } {
  const registry = AppRegistry.open(home);
  let removed: AppRecord[];
  try {
    removed = registry.remove(bundle);
  } finally {
    registry.close();
  }
  if (removed.length === 0) throw new RegistryError(`no app named ${bundle} is registered`);
  const storage = openStorage(home);
  try {
    return { removed, keys: storage.store.deleteApp(bundle) };
  } finally {
    storage.close();
  }
}

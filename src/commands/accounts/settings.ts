import { accountDecider, accountStream } from '../../domain/account/index.js';
import {
  checkSettings,
  isPlainObject,
  mergeSettings,
  type SettingsObject,
  sameJson,
  settingsLimits,
  tooManyApps,
} from '../../domain/account/settings.js';
import { DomainError, notFound } from '../../domain/shared/errors.js';
import { SETTINGS_PROJECTOR } from '../../projections/settings/projector.js';
import { findSealedAppSettings, findSealedSettings } from '../../projections/settings/queries.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { subcommand } from '../oauth/deps.js';
import type { AccountCommandDeps } from './deps.js';
import { loadAccount } from './load.js';

type Deps = Pick<AccountCommandDeps, 'db' | 'keys' | 'eventStore' | 'projections'>;

/** Re-reads and re-merges this often when another change to the same app lands in between. */
const MAX_ATTEMPTS = 5;

async function openObject(deps: Pick<Deps, 'keys'>, accountId: string, sealed: string | undefined) {
  if (!sealed) return {};
  const json = await deps.keys.decrypt(accountId, sealed);
  const value: unknown = json === null ? {} : JSON.parse(json);
  return isPlainObject(value) ? value : {};
}

/** The whole store, as `pleroma.settings_store` shows it to its owner. */
export async function readSettingsStore(deps: Pick<Deps, 'db' | 'keys'>, accountId: string) {
  const store: Record<string, SettingsObject> = {};
  for (const [app, sealed] of await findSealedSettings(deps.db, accountId)) {
    store[app] = await openObject(deps, accountId, sealed);
  }
  return store;
}

/** GET /api/v1/pleroma/settings/:app: the app's object, {} when there is none. */
export async function readAppSettings(deps: Pick<Deps, 'db' | 'keys'>, accountId: string, app: string) {
  return openObject(deps, accountId, await findSealedAppSettings(deps.db, accountId, app));
}

/**
 * Changes one app's entry: `next` computes the new object from the current one (null removes the entry).
 * The current object is read from the account's stream, and the command names it as its base, so a change
 * that lands in between is merged again rather than lost. Nothing is appended when nothing changes.
 */
async function changeApp(
  deps: Deps,
  accountId: string,
  app: string,
  patch: unknown,
  next: (current: SettingsObject) => SettingsObject | null,
  context: CommandContext,
): Promise<bigint | null> {
  for (let attempt = 1; ; attempt++) {
    const account = await loadAccount(deps, accountId);
    if (account.status !== 'registered') throw notFound();
    const base = account.settings[app] ?? null;
    const current = await openObject(deps, accountId, base ?? undefined);
    const value = next(current);
    if (value !== null) checkSettings(app, value);
    if (base === null && value !== null && Object.keys(account.settings).length >= settingsLimits.apps) {
      throw tooManyApps();
    }
    // An absent entry reads as {}: creating an empty one, like removing an absent one, changes nothing.
    if (value === null ? base === null : sameJson(current, value)) return null;
    const seal = (json: unknown) => deps.keys.encrypt(accountId, JSON.stringify(json));
    const command = {
      type: 'UpdateSettings',
      app,
      patch: await seal(patch),
      value: value === null ? null : await seal(value),
      base,
    } as const;
    try {
      const step = subcommand(context, `settings-${attempt}`);
      const result = await handleCommand(
        deps.eventStore,
        accountStream(accountId),
        accountDecider,
        command,
        step,
      );
      return result.position;
    } catch (error) {
      const stale = error instanceof DomainError && error.code === 'settings_conflict';
      if (!stale || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** PATCH /api/v1/pleroma/settings/:app (§5.7): the recursive merge; answers the merged object. */
export async function updateAppSettings(
  deps: Deps,
  accountId: string,
  app: string,
  patch: unknown,
  context: CommandContext,
): Promise<SettingsObject> {
  checkSettings(app, patch);
  const position = await changeApp(
    deps,
    accountId,
    app,
    patch,
    (current) => mergeSettings(current, patch),
    context,
  );
  await deps.projections.waitFor([SETTINGS_PROJECTOR], position);
  return readAppSettings(deps, accountId, app);
}

/** Refuses a `pleroma_settings_store` that could not be stored, before anything of the request is. */
export function checkSettingsStore(store: Record<string, unknown>): void {
  for (const [app, value] of Object.entries(store)) if (value !== null) checkSettings(app, value);
}

/**
 * update_credentials' `pleroma_settings_store`: Pleroma's Map.merge, one level deep — each app named is
 * replaced by the object given (null removes it), other apps are untouched.
 */
export async function replaceSettings(
  deps: Deps,
  accountId: string,
  store: Record<string, unknown>,
  context: CommandContext,
): Promise<void> {
  checkSettingsStore(store);
  let position: bigint | null = null;
  for (const [app, value] of Object.entries(store)) {
    const replacement = value === null ? null : (value as SettingsObject);
    const step = subcommand(context, `settings-store-${app}`);
    position = (await changeApp(deps, accountId, app, value, () => replacement, step)) ?? position;
  }
  await deps.projections.waitFor([SETTINGS_PROJECTOR], position);
}

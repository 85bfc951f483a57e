import { DomainError } from '../shared/errors.js';

/**
 * The settings store (§5.7): per app, a JSON object the front-end keeps its configuration in. Pleroma sets no
 * bounds; these keep one account from filling the log and the read model, and are far above what Pleroma-FE
 * and Soapbox store.
 */
export const settingsLimits = {
  /** Longest app name (the `:app` path segment or a top-level key of `pleroma_settings_store`). */
  appName: 100,
  /** Most apps in one account's store. */
  apps: 32,
  /** Deepest nesting of objects and arrays in one app's object. */
  depth: 16,
  /** Largest app object, in bytes of its JSON. */
  bytes: 100_000,
} as const;

export type SettingsObject = Record<string, unknown>;

export const isPlainObject = (value: unknown): value is SettingsObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** How deep objects and arrays nest in `value` (a scalar is 0). */
export function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

const invalid = (message: string) => new DomainError('invalid_settings', message, 400);
const tooLarge = (message: string) => new DomainError('settings_too_large', message, 413);

/** Refuses what must never be stored: a non-object, a blank or long app name, too deep or too large. */
export function checkSettings(app: string, value: unknown): asserts value is SettingsObject {
  if (app.trim() === '' || app.length > settingsLimits.appName) {
    throw invalid(`The app name must be 1 to ${settingsLimits.appName} characters.`);
  }
  if (!isPlainObject(value)) throw invalid('Settings must be a JSON object.');
  if (depthOf(value) > settingsLimits.depth) {
    throw invalid(`Settings may nest at most ${settingsLimits.depth} levels deep.`);
  }
  if (Buffer.byteLength(JSON.stringify(value)) > settingsLimits.bytes) {
    throw tooLarge(`Settings of one app may take at most ${settingsLimits.bytes} bytes.`);
  }
}

export const tooManyApps = () => tooLarge(`The settings store may hold at most ${settingsLimits.apps} apps.`);

/**
 * Pleroma's SettingsController.merge_recursively: a null removes the key, an object is merged into the old
 * value (an old non-object counts as {}), anything else (arrays included) replaces.
 */
export function mergeSettings(old: unknown, patch: SettingsObject): SettingsObject {
  const result: SettingsObject = isPlainObject(old) ? { ...old } : {};
  // defineProperty, not assignment: a key named `__proto__` (valid JSON) must stay data, not a prototype.
  const set = (key: string, value: unknown) =>
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (isPlainObject(value))
      set(key, mergeSettings(Object.hasOwn(result, key) ? result[key] : {}, value));
    else set(key, value);
  }
  return result;
}

/** Structural equality of JSON values (key order ignored): an update that changes nothing appends nothing. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => key in bRecord && sameJson((a as Record<string, unknown>)[key], bRecord[key]));
}

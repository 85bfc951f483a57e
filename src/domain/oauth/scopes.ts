/**
 * OAuth scopes as Pleroma treats them (§0.3): a granted scope covers a required one if equal, or if the
 * required one is its child (`write` covers `write:accounts`). Pure functions, shared by the token endpoint
 * (what may be granted) and the auth middleware (what a request may do).
 */

/** Pleroma's default when an app registers without scopes. */
export const DEFAULT_APP_SCOPES: readonly string[] = ['read'];

/**
 * Scopes from a request parameter: a string separated by spaces, commas or `+` (clients that build query
 * strings by hand send `read+write` literally), or an array of them. Blank input gives the fallback.
 */
export function parseScopes(input: unknown, fallback: readonly string[] = []): string[] {
  const parts = (Array.isArray(input) ? input : [input])
    .filter((item): item is string => typeof item === 'string')
    .flatMap((item) => item.split(/[\s,+]+/))
    .filter((scope) => scope !== '');
  return parts.length > 0 ? [...new Set(parts)] : [...fallback];
}

/** Does `granted` cover `required`? */
export function covers(granted: string, required: string): boolean {
  return required === granted || required.startsWith(`${granted}:`);
}

/** The scopes of `scopes` covered by some scope in `supported` (Pleroma's filter_descendants). */
export function filterDescendants(scopes: readonly string[], supported: readonly string[]): string[] {
  return scopes.filter((scope) => supported.some((granted) => covers(granted, scope)));
}

/** What a client may obtain from an app: every requested scope must be within the app's scopes. */
export function validateRequestedScopes(
  requested: readonly string[],
  appScopes: readonly string[],
): { ok: true; scopes: string[] } | { ok: false; reason: 'missing_scopes' | 'unsupported_scopes' } {
  if (requested.length === 0) return { ok: false, reason: 'missing_scopes' };
  if (filterDescendants(requested, appScopes).length !== requested.length) {
    return { ok: false, reason: 'unsupported_scopes' };
  }
  return { ok: true, scopes: [...requested] };
}

export type ScopeOperator = '|' | '&';

/**
 * Pleroma's OAuthScopesPlug decision. `|` (the default): any required scope covered is enough; `&`: all.
 * With no token scopes at all (no token) the check fails with the scope message, as in Pleroma.
 */
export function checkScopes(
  granted: readonly string[] | null,
  required: readonly string[],
  op: ScopeOperator = '|',
): { ok: true } | { ok: false; missing: string[]; message: string } {
  if (required.length === 0) return { ok: true };
  const matched = granted ? filterDescendants(required, granted) : [];
  if (granted && (op === '|' ? matched.length > 0 : matched.length === required.length)) return { ok: true };
  const missing = required.filter((scope) => !matched.includes(scope));
  return { ok: false, missing, message: `Insufficient permissions: ${missing.join(` ${op} `)}.` };
}

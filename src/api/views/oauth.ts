import type { RegisteredApp } from '../../commands/oauth/registerApp.js';
import type { AccountTokenRow, AppRow } from '../../projections/oauth/queries.js';

/** Pleroma's AppView "show.json": the one time the client secret is shown. */
export function renderRegisteredApp(app: RegisteredApp) {
  return {
    id: app.appId,
    name: app.name,
    website: app.website,
    // Pleroma stores the redirect URIs as one newline-separated string and renders it as is.
    redirect_uri: app.redirectUris.join('\n'),
    client_id: app.clientId,
    client_secret: app.clientSecret,
  };
}

/** Pleroma's AppView "short.json" (verify_credentials): no credentials. */
export function renderAppShort(app: Pick<AppRow, 'name' | 'website'>) {
  return { name: app.name, website: app.website };
}

/** A NaiveDateTime as Phoenix renders it: ISO 8601 without the zone. */
const naive = (time: Date) => time.toISOString().replace(/Z$/, '');

/**
 * §11.1, Pleroma's TokenView "show.json". Ids are strings: our 64-bit ids do not fit a JSON number
 * (Pleroma's are small integers), and clients only echo them back in the DELETE path.
 */
export function renderAccountToken(token: AccountTokenRow) {
  return {
    id: token.tokenId,
    app_name: token.appName,
    valid_until: naive(token.validUntil),
    scopes: token.scopes,
  };
}

import OAuth2Server from '@node-oauth/oauth2-server';
import type { Request } from 'express';
import { AUTHORIZATION_CODE_LIFETIME_SECONDS, TOKEN_LIFETIME_SECONDS } from '../../commands/oauth/deps.js';
import { parseScopes } from '../../domain/oauth/scopes.js';

/**
 * The OAuth server for one request's model. Tokens carry Pleroma's 100-year lifetime (our commands set
 * `valid_until`; the library only renders `expires_in` from it); extended attributes let the token response
 * carry Pleroma's `id`, `created_at` and `me`; clients authenticate for every grant, in the body or by Basic.
 */
export function oauthServer(model: OAuth2Server.ServerOptions['model']): OAuth2Server {
  return new OAuth2Server({
    model,
    accessTokenLifetime: TOKEN_LIFETIME_SECONDS,
    refreshTokenLifetime: TOKEN_LIFETIME_SECONDS,
    allowExtendedTokenAttributes: true,
    alwaysIssueNewRefreshToken: true,
    allowEmptyState: true,
    authorizationCodeLifetime: AUTHORIZATION_CODE_LIFETIME_SECONDS,
  });
}

export const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';
const OOB_STAND_IN = 'https://oob.invalid/';

/**
 * The library builds the success redirect with Node's url.parse, which warns about (and will one day reject)
 * the out-of-band URN; inside the library it travels as a reserved `.invalid` URL and is mapped back on save.
 */
export const toLibraryRedirect = (uri: string) => (uri === OOB_REDIRECT ? OOB_STAND_IN : uri);
export const fromLibraryRedirect = (uri: string) => (uri === OOB_STAND_IN ? OOB_REDIRECT : uri);

/**
 * The request's parameters as the library expects them: flat strings. Mastodon clients send JSON as often as
 * forms, and scopes space-, comma- or plus-separated (or as `scopes`); Pleroma also takes `name` for `username`.
 */
export function oauthParams(input: Record<string, unknown>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string') params[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') params[key] = String(value);
  }
  if (!params.username && params.name) params.username = params.name;
  const scopes = parseScopes(input.scope ?? input.scopes);
  delete params.scopes;
  if (scopes.length > 0) params.scope = scopes.join(' ');
  else delete params.scope;
  return params;
}

/**
 * A library request carrying `params` as a form body, whatever the client's encoding was: the library accepts
 * only application/x-www-form-urlencoded, and the parsing is already done.
 */
export function oauthRequest(req: Request, params: Record<string, string>): OAuth2Server.Request {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  delete headers['transfer-encoding'];
  headers['content-type'] = 'application/x-www-form-urlencoded';
  headers['content-length'] = String(Buffer.byteLength(new URLSearchParams(params).toString()));
  return new OAuth2Server.Request({ method: req.method, headers, query: {}, body: params });
}

/** Client credentials from HTTP Basic (preferred, RFC 6749 §2.3.1) or the body, as Pleroma reads them. */
export function clientCredentials(
  req: Request,
  params: Record<string, string>,
): { clientId?: string; clientSecret?: string } {
  const basic = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    if (id !== undefined && secret !== undefined) {
      try {
        return { clientId: decodeURIComponent(id), clientSecret: decodeURIComponent(secret) };
      } catch {
        return {};
      }
    }
  }
  return { clientId: params.client_id, clientSecret: params.client_secret };
}

/** Who is calling, as the auth middleware (auth.ts) resolved it from a Bearer token or HTTP Basic. */
export interface AuthContext {
  /** The user the credentials belong to; null for an app-only (client_credentials) token. */
  accountId: string | null;
  /** Granted scopes of the token; HTTP Basic grants every scope, as in Pleroma. */
  scopes: readonly string[];
  tokenId: string | null;
  appId: string | null;
  method: 'bearer' | 'basic';
  /** Basic only: the account has MFA on, so authenticated endpoints refuse the password (§0.2). */
  mfaEnabled?: boolean;
}

declare global {
  namespace Express {
    interface Request {
      /** Set by the auth middleware when credentials were presented and valid. */
      auth?: AuthContext;
      /** Unique id of this request: command id, correlation id and log field. */
      id: string;
    }
  }
}

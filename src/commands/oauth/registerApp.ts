import { appDecider, appStream, type RegisterApp } from '../../domain/oauth/index.js';
import { OAUTH_PROJECTOR } from '../../projections/oauth/projector.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { type OAuthCommandDeps, subcommand } from './deps.js';
import { hashSecret, newSecret } from './secrets.js';

export interface RegisterAppInput {
  name: string;
  website: string | null;
  redirectUris: string[];
  scopes: string[];
}

export interface RegisteredApp extends RegisterAppInput {
  appId: string;
  clientId: string;
  /** In the clear exactly once, for the registration response; only its hash is kept. */
  clientSecret: string;
}

/** POST /api/v1/apps: a new client with fresh credentials, readable by the token endpoint on return. */
export async function registerApp(
  deps: OAuthCommandDeps,
  input: RegisterAppInput,
  context: CommandContext,
): Promise<RegisteredApp> {
  const appId = deps.ids.next();
  const clientId = newSecret();
  const clientSecret = newSecret();
  const command: RegisterApp = {
    type: 'RegisterApp',
    data: { appId, ...input, clientId, clientSecretHash: hashSecret(clientSecret) },
  };
  const result = await handleCommand(
    deps.eventStore,
    appStream(appId),
    appDecider,
    command,
    subcommand(context, 'register-app'),
  );
  await deps.projections.waitFor([OAUTH_PROJECTOR], result.position);
  return { appId, ...input, clientId, clientSecret };
}

import type { Config } from '../../config.js';
import type { AccountCommandDeps } from '../accounts/deps.js';

/** What the MFA use cases need; AppDeps satisfies it. */
export type MfaCommandDeps = Pick<AccountCommandDeps, 'db' | 'eventStore' | 'projections' | 'keys'> & {
  config: Pick<Config, 'INSTANCE_NAME'>;
};

import type { Decider } from '../shared/decider.js';
import type { BackupCommand } from './commands.js';
import { type BackupsState, decideBackups, evolveBackups, initialBackupsState } from './decide.js';
import type { BackupEvent } from './events.js';

export type * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './fileName.js';

/** An account's backups (§10), stream `backups-<accountId>`. */
export const backupsDecider: Decider<BackupCommand, BackupEvent, BackupsState> = {
  initialState: initialBackupsState,
  evolve: evolveBackups,
  decide: decideBackups,
};

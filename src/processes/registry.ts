import type { AppDeps } from '../api/deps.js';
import { accountLifecycleProcess } from './accountLifecycle.js';
import { backupsProcess } from './backups.js';
import { conversationsProcess } from './conversations.js';
import { followerMovesProcess } from './followerMoves.js';
import { importsProcess } from './imports.js';
import type { Process } from './process.js';

/** What the processes need; AppDeps satisfies it. */
export type ProcessDeps = Pick<
  AppDeps,
  'db' | 'eventStore' | 'projections' | 'ids' | 'keys' | 'clock' | 'logger' | 'config' | 'mailer' | 'storage'
>;

/** Every process, in one place: main.ts and the test app start exactly these. */
export function allProcesses(deps: ProcessDeps): Process[] {
  return [
    accountLifecycleProcess(deps),
    importsProcess(deps),
    followerMovesProcess(deps),
    backupsProcess(deps),
    conversationsProcess(deps),
  ];
}

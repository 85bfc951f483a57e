import { type AccountLifecycleDeps, accountLifecycleProcess } from './accountLifecycle.js';
import type { Process } from './process.js';

/** Every process, in one place: main.ts and the test app start exactly these. */
export function allProcesses(deps: AccountLifecycleDeps): Process[] {
  return [accountLifecycleProcess(deps)];
}

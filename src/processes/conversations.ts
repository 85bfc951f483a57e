import type { AppDeps } from '../api/deps.js';
import { deliverDirectStatus } from '../commands/conversations/deliver.js';
import type { Process } from './process.js';

export const CONVERSATIONS_PROCESS = 'conversations';

/**
 * Every direct status reaches its participants' conversations (§6.1). The status use case delivers before
 * answering; this makes sure of it when a request stopped between storing the status and delivering, and
 * covers direct statuses posted before conversations existed. Delivering twice appends nothing.
 */
export function conversationsProcess(
  deps: Pick<AppDeps, 'db' | 'eventStore' | 'projections' | 'clock'>,
): Process {
  return {
    name: CONVERSATIONS_PROCESS,
    version: 1,
    handles: ['StatusPosted'],
    async react(event) {
      await deliverDirectStatus(deps, event, deps.clock());
    },
  };
}

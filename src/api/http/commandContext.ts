import type { Request } from 'express';
import type { CommandContext } from '../../commands/handleCommand.js';
import type { AppDeps } from '../deps.js';

/** The command context of an HTTP request: its id is the command and correlation id, the caller the actor. */
export function commandContext(req: Request, deps: Pick<AppDeps, 'clock'>): CommandContext {
  const requestId = String(req.id);
  return {
    commandId: requestId,
    actor: req.auth?.accountId ?? null,
    correlationId: requestId,
    causationId: null,
    time: deps.clock(),
  };
}

import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../src/commands/handleCommand.js';

/** A command context as a request would make it: a fresh command id, `actor` as given. */
export function testContext(actor: string | null = null, time = new Date()): CommandContext {
  const id = randomUUID();
  return { commandId: id, actor, correlationId: id, causationId: null, time };
}

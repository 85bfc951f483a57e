import { type ImportKind, importDecider, importStream, parseImportList } from '../../domain/import/index.js';
import type { IdGenerator } from '../../domain/shared/ids.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';

/**
 * §2: parses the list (400 when empty, 413 past IMPORT_LIMIT: nothing is stored then) and records
 * ImportRequested; the imports process does the work. Answers the import's id.
 */
export async function requestImport(
  deps: { eventStore: EventStore; ids: IdGenerator },
  accountId: string,
  kind: ImportKind,
  list: string,
  context: CommandContext,
): Promise<string> {
  const accounts = parseImportList(kind, list);
  const importId = deps.ids.next();
  const command = { type: 'RequestImport', importId, accountId, kind, accounts } as const;
  await handleCommand(deps.eventStore, importStream(importId), importDecider, command, context);
  return importId;
}

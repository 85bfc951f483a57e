import type { AppDeps } from '../api/deps.js';
import { handleCommand } from '../commands/handleCommand.js';
import { followCommand, relate } from '../commands/relationships/index.js';
import {
  type ImportRequested,
  type ImportState,
  importDecider,
  importStream,
  localNicknameOf,
} from '../domain/import/index.js';
import type { RelationshipCommand } from '../domain/relationship/index.js';
import { fold } from '../domain/shared/decider.js';
import { DomainError } from '../domain/shared/errors.js';
import type { RecordedEvent } from '../eventstore/eventStore.js';
import { type AccountRecord, findAccountByNickname } from '../projections/accounts/queries.js';
import { forEachLimited } from './pool.js';
import { type Process, processContext } from './process.js';

export const IMPORTS = 'imports';
/** Entries per recorded chunk: a crash repeats at most this many (idempotent) commands. */
const CHUNK = 100;
const CONCURRENCY = 4;

export type ImportsDeps = Pick<AppDeps, 'db' | 'eventStore' | 'clock' | 'logger' | 'config'>;

type Event = RecordedEvent & ImportRequested;

function commandFor(event: Event, target: AccountRecord, now: Date): RelationshipCommand {
  const actorId = event.data.accountId;
  const pair = { actorId, targetId: target.id };
  switch (event.data.kind) {
    case 'follow':
      return followCommand(actorId, target);
    case 'block':
      return { type: 'Block', ...pair };
    case 'mute':
      return { type: 'Mute', ...pair, notifications: true, expiresAt: null, now };
  }
}

/**
 * One entry: resolve it locally, then follow / block / mute. The command id is the import event's id and the
 * entry's index, so doing it again (after a crash) appends nothing. Refusals (a follow of someone who blocks
 * the importer, oneself) and unknown or remote accounts are skipped, as Pleroma's jobs skip them.
 */
async function importEntry(deps: ImportsDeps, event: Event, entry: string, index: number): Promise<boolean> {
  const nickname = localNicknameOf(entry, deps.config);
  const target = nickname === null ? undefined : await findAccountByNickname(deps.db, nickname);
  if (!target?.isActive) return false;
  try {
    const now = deps.clock();
    const context = processContext(event, `entry-${index}`, now);
    await relate(deps, commandFor(event, target, now), context, { newPair: true });
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.status !== 409) return false;
    throw error;
  }
}

async function loadImport(deps: ImportsDeps, importId: string): Promise<ImportState> {
  const events = await deps.eventStore.readStream(importStream(importId));
  return fold(importDecider, events as never);
}

/** §2: works through an import in chunks, recording each, from the first chunk not recorded. */
async function runImport(deps: ImportsDeps, event: Event): Promise<void> {
  const { importId, accounts, kind } = event.data;
  const log = deps.logger.child({ process: IMPORTS, importId, kind });
  const state = await loadImport(deps, importId);
  if (state.status !== 'running') return;
  let { imported, skipped } = state;
  const step = (name: string) => processContext(event, name, deps.clock());
  const record = (command: Parameters<typeof importDecider.decide>[0], name: string) =>
    handleCommand(deps.eventStore, importStream(importId), importDecider, command, step(name));
  for (let start = state.processed; start < accounts.length; start += CHUNK) {
    const chunk = accounts.slice(start, start + CHUNK);
    const outcomes: boolean[] = [];
    await forEachLimited(chunk, CONCURRENCY, async (entry, offset) => {
      outcomes[offset] = await importEntry(deps, event, entry, start + offset);
    });
    const done = outcomes.filter(Boolean).length;
    imported += done;
    skipped += chunk.length - done;
    const processed = start + chunk.length;
    await record({ type: 'RecordImportProgress', processed, imported, skipped }, `progress-${processed}`);
    log.info({ imported, skipped }, `imported ${processed} of ${accounts.length}`);
  }
  await record({ type: 'CompleteImport' }, 'complete');
}

/** Carries out follow, block and mute imports (§2), resumably (see Process). */
export function importsProcess(deps: ImportsDeps): Process {
  return {
    name: IMPORTS,
    version: 1,
    handles: ['ImportRequested'],
    react: (recorded) => runImport(deps, recorded as Event),
  };
}

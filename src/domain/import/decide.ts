import { assertNever } from '../shared/errors.js';
import type { ImportCommand, ImportEvent, ImportKind } from './events.js';

interface Counts {
  processed: number;
  imported: number;
  skipped: number;
}

export type ImportState =
  | { status: 'none' }
  | ({
      status: 'running' | 'completed';
      importId: string;
      accountId: string;
      kind: ImportKind;
      total: number;
    } & Counts);

export const initialImportState: ImportState = { status: 'none' };

export function evolveImport(state: ImportState, event: ImportEvent): ImportState {
  switch (event.type) {
    case 'ImportRequested': {
      const { importId, accountId, kind, accounts } = event.data;
      const counts = { processed: 0, imported: 0, skipped: 0 };
      return { status: 'running', importId, accountId, kind, total: accounts.length, ...counts };
    }
    case 'ImportProgressed': {
      if (state.status === 'none') return state;
      const { processed, imported, skipped } = event.data;
      return { ...state, processed, imported, skipped };
    }
    case 'ImportCompleted':
      return state.status === 'none' ? state : { ...state, status: 'completed' };
    default:
      return assertNever(event);
  }
}

/** Every command is idempotent: a process repeating a step after a crash appends nothing new. */
export function decideImport(command: ImportCommand, state: ImportState): ImportEvent[] {
  switch (command.type) {
    case 'RequestImport': {
      if (state.status !== 'none') return [];
      const { importId, accountId, kind, accounts } = command;
      return [{ type: 'ImportRequested', data: { importId, accountId, kind, accounts: [...accounts] } }];
    }
    case 'RecordImportProgress': {
      if (state.status !== 'running' || command.processed <= state.processed) return [];
      const { processed, imported, skipped } = command;
      return [{ type: 'ImportProgressed', data: { importId: state.importId, processed, imported, skipped } }];
    }
    case 'CompleteImport': {
      if (state.status !== 'running') return [];
      const { importId, accountId, kind, imported, skipped } = state;
      return [{ type: 'ImportCompleted', data: { importId, accountId, kind, imported, skipped } }];
    }
    default:
      return assertNever(command);
  }
}

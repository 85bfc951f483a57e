import type { DomainEvent } from '../shared/decider.js';

export type ImportKind = 'follow' | 'block' | 'mute';

/**
 * §2: a list of accounts to follow, block or mute, on the stream `import-<importId>`. The imports process
 * (src/processes/imports.ts) works through it in chunks, recording each chunk done, so a crash resumes at
 * the first chunk not recorded; commands within a chunk have ids derived from the import and the index,
 * so a chunk done again appends nothing twice.
 */
export type ImportRequested = DomainEvent<
  'ImportRequested',
  { importId: string; accountId: string; kind: ImportKind; accounts: string[] }
>;
/** Counts so far (cumulative): `processed` entries of the list are done. */
export type ImportProgressed = DomainEvent<
  'ImportProgressed',
  { importId: string; processed: number; imported: number; skipped: number }
>;
/** `skipped`: unknown or remote accounts, and those that refused (a follow of someone blocking you). */
export type ImportCompleted = DomainEvent<
  'ImportCompleted',
  { importId: string; accountId: string; kind: ImportKind; imported: number; skipped: number }
>;

export type ImportEvent = ImportRequested | ImportProgressed | ImportCompleted;

export const importEventTypes = [
  'ImportRequested',
  'ImportProgressed',
  'ImportCompleted',
] as const satisfies readonly ImportEvent['type'][];

export const importStream = (importId: string) => `import-${importId}`;

export interface RequestImport {
  type: 'RequestImport';
  importId: string;
  accountId: string;
  kind: ImportKind;
  accounts: string[];
}

export interface RecordImportProgress {
  type: 'RecordImportProgress';
  processed: number;
  imported: number;
  skipped: number;
}

export interface CompleteImport {
  type: 'CompleteImport';
}

export type ImportCommand = RequestImport | RecordImportProgress | CompleteImport;

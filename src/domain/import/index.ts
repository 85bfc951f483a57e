import type { Decider } from '../shared/decider.js';
import { decideImport, evolveImport, type ImportState, initialImportState } from './decide.js';
import type { ImportCommand, ImportEvent } from './events.js';

export * from './decide.js';
export * from './events.js';
export * from './parse.js';

/** One import (§2), stream `import-<importId>`. */
export const importDecider: Decider<ImportCommand, ImportEvent, ImportState> = {
  initialState: initialImportState,
  evolve: evolveImport,
  decide: decideImport,
};

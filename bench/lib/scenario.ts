import type { BenchServer } from './database.js';

/** One line of a scenario's result table; the first rows' keys become the columns. */
export type ResultRow = Record<string, string | number | null>;

export interface ScenarioContext {
  server: BenchServer;
  /** How long one measured case runs (BENCH_SECONDS, default 3 s). */
  caseDurationMs: number;
  log(message: string): void;
}

/** A benchmark: named, self-contained (it provisions its own database), returning its table. */
export interface Scenario {
  name: string;
  /** One sentence for the report: what is measured and against what. */
  description: string;
  run(context: ScenarioContext): Promise<ResultRow[]>;
  /** Optional sentences for the report under the table (targets, how to read the ratio). */
  notes?(rows: ResultRow[]): string[];
}

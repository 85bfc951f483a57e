/** Nearest-rank percentile of latencies in milliseconds (0 for no samples). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Operations per second. */
export const rate = (count: number, elapsedMs: number) => (elapsedMs > 0 ? (count * 1000) / elapsedMs : 0);

/** `value / baseline`, or null when there is no baseline to compare with. */
export const ratio = (value: number, baseline: number) => (baseline > 0 ? value / baseline : null);

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export interface LoadResult {
  operations: number;
  elapsedMs: number;
  latenciesMs: number[];
}

export interface LoadOptions {
  concurrency: number;
  /** Each worker stops starting operations after this long. */
  durationMs: number;
  /** And in any case after this many operations in all. */
  maxOperations?: number;
}

/**
 * Runs `operation` from `concurrency` workers in closed loop (each waits for its previous call) until the
 * time or count bound, and measures each call.
 */
export async function runLoad(
  options: LoadOptions,
  operation: (worker: number, iteration: number) => Promise<void>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const maxOperations = options.maxOperations ?? Number.POSITIVE_INFINITY;
  const started = performance.now();
  const deadline = started + options.durationMs;
  let operations = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      for (let iteration = 0; performance.now() < deadline && operations < maxOperations; iteration++) {
        operations += 1;
        const before = performance.now();
        await operation(worker, iteration);
        latenciesMs.push(performance.now() - before);
      }
    }),
  );
  return { operations, elapsedMs: performance.now() - started, latenciesMs };
}

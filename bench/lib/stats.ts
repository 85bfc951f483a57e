import { readFileSync } from 'node:fs';
import { databaseCpuSnapshot } from './databaseCpu.js';
import { profiled } from './profile.js';

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
  /** Busy CPU time of the whole machine (every process: this one, PostgreSQL, neighbours) meanwhile. */
  machineCpuMs: number;
  /** CPU time of this process meanwhile (the server and its load clients, which the baseline shares). */
  processCpuMs: number;
  /** CPU time of the app database's PostgreSQL backends meanwhile (databaseCpu.ts; 0 when not watched). */
  databaseCpuMs: number;
}

/** Busy CPU milliseconds of the whole machine so far, from /proc/stat (0 where there is none). */
function machineBusyMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait; USER_HZ is 100.
    const busy = fields.slice(0, 8).reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0);
    return busy * 10;
  } catch {
    return 0;
  }
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
  const cpuBefore = machineBusyMs();
  const processBefore = process.cpuUsage();
  const databaseBefore = await databaseCpuSnapshot();
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
  return {
    operations,
    elapsedMs: performance.now() - started,
    latenciesMs,
    machineCpuMs: machineBusyMs() - cpuBefore,
    processCpuMs: processCpuMsSince(processBefore),
    databaseCpuMs: await databaseBefore.since(),
  };
}

/** Sums slices of one case measured at different moments into one result. */
export const mergeLoads = (parts: readonly LoadResult[]): LoadResult => ({
  operations: parts.reduce((sum, p) => sum + p.operations, 0),
  elapsedMs: parts.reduce((sum, p) => sum + p.elapsedMs, 0),
  latenciesMs: parts.flatMap((p) => p.latenciesMs),
  machineCpuMs: parts.reduce((sum, p) => sum + p.machineCpuMs, 0),
  processCpuMs: parts.reduce((sum, p) => sum + p.processCpuMs, 0),
  databaseCpuMs: parts.reduce((sum, p) => sum + p.databaseCpuMs, 0),
});

function processCpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/**
 * CPU milliseconds per operation: of the whole machine (this process, PostgreSQL and whatever else runs on
 * a shared box), of this process alone and of the app database's backends (steadier on a shared box).
 */
export const cpuPerOperation = (result: LoadResult) => {
  const per = (ms: number) => (result.operations > 0 ? round(ms / result.operations, 2) : 0);
  return {
    machine: per(result.machineCpuMs),
    process: per(result.processCpuMs),
    database: per(result.databaseCpuMs),
  };
};

/** Operations per second of a measured case. */
export const rateOf = (result: LoadResult) => rate(result.operations, result.elapsedMs);

/** The median and tail columns every latency table shows, to two decimals. */
export const latencyColumns = (latenciesMs: readonly number[]) => ({
  'p50 ms': round(percentile(latenciesMs, 50), 2),
  'p99 ms': round(percentile(latenciesMs, 99), 2),
});

/** A ratio cell: `value / baseline` to two decimals, or null (shown as —) for a baseline row. */
export function ratioCell(value: number, baseline: number | undefined): number | null {
  const r = baseline === undefined ? null : ratio(value, baseline);
  return r === null ? null : round(r, 2);
}

/**
 * Measures every case in interleaved slices after one warm-up each, so the baseline and the measured
 * cases see the same moments of a machine shared with others; answers each case's merged result.
 */
export async function interleaved(
  cases: readonly ((durationMs: number) => Promise<LoadResult>)[],
  options: { warmUpMs: number; rounds: number; durationMs: number; afterWarmUp?: () => void },
): Promise<LoadResult[]> {
  for (const measure of cases) await measure(options.warmUpMs);
  options.afterWarmUp?.();
  const parts = cases.map(() => [] as LoadResult[]);
  const slice = options.durationMs / options.rounds;
  for (let i = 0; i < options.rounds; i++) {
    for (const [c, measure] of cases.entries()) {
      // Case 0 is the baseline; the others are profiled when BENCH_CPU_PROFILE asks for it.
      parts[c]!.push(await (c === 0 ? measure(slice) : profiled(`case${c}`, () => measure(slice))));
    }
  }
  return parts.map(mergeLoads);
}

import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * `BENCH_CPU_PROFILE=<folder>`: the measured (non-baseline) slices of each case are CPU-profiled in this
 * process and written as `<folder>/<label>-<n>.cpuprofile` (open in Chrome DevTools or speedscope).
 * Unset, nothing is profiled and nothing is written.
 */
const folder = process.env.BENCH_CPU_PROFILE;
let session: Session | undefined;
let written = 0;

async function started(): Promise<Session> {
  if (!session) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
  }
  return session;
}

/** Runs `work`, profiling it when BENCH_CPU_PROFILE is set. */
export async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  if (!folder) return work();
  const inspector = await started();
  await inspector.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await inspector.post('Profiler.stop');
    await mkdir(folder, { recursive: true });
    written += 1;
    await writeFile(join(folder, `${label}-${written}.cpuprofile`), JSON.stringify(profile));
  }
}

/** True when slices are being profiled (the profiler slows them: the table is not a measurement then). */
export const profiling = folder !== undefined;

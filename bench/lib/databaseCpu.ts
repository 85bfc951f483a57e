import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';

/**
 * CPU time of the PostgreSQL backends serving the measured app's database, read from /proc (PostgreSQL runs
 * on this machine in every bench set-up: the local server or the embedded one). Unlike the machine's total,
 * neighbours on a shared box do not count. Backends that exit during a slice take their time with them.
 */
let backendsOf: (() => Promise<number[]>) | undefined;

/** From now on, slices report the CPU of `db`'s backends (the API's database). */
export function watchDatabaseCpu(db: Knex): void {
  backendsOf = async () => {
    const { rows } = await db.raw<{ rows: { pid: number }[] }>(
      'select pid from pg_stat_activity where datname = current_database()',
    );
    return rows.map((row) => row.pid);
  };
}

function processCpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** A snapshot of the watched backends' CPU; `since` gives the milliseconds used after it (0 unwatched). */
export async function databaseCpuSnapshot(): Promise<{ since(): Promise<number> }> {
  if (!backendsOf) return { since: async () => 0 };
  const list = backendsOf;
  const before = new Map((await list()).map((pid) => [pid, processCpuMs(pid)]));
  return {
    async since() {
      let used = 0;
      for (const pid of new Set([...before.keys(), ...(await list())])) {
        used += processCpuMs(pid) - (before.get(pid) ?? 0);
      }
      return used;
    },
  };
}

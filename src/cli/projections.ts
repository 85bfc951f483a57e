import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { RebuildProgress } from '../projections/rebuild.js';
import type { ProjectionStatus } from '../projections/status.js';
import { type OpenContext, withContext } from './context.js';

const COLUMNS = ['NAME', 'VERSION', 'CHECKPOINT', 'BEHIND', 'LAG_S', 'STATE'] as const;

function statusCells(status: ProjectionStatus): string[] {
  const state = status.state === 'outdated' ? `outdated(v${status.codeVersion} pending)` : status.state;
  return [
    status.name,
    String(status.version),
    status.position.toString(),
    String(status.behind),
    status.lagSeconds.toFixed(1),
    status.lastError ? `${state} (last error: ${status.lastError.split('\n')[0]})` : state,
  ];
}

/** --plain: one line per projection, space-separated name, version, checkpoint, behind, lag; for scripts. */
export function formatStatus(statuses: readonly ProjectionStatus[], plain: boolean): string[] {
  if (plain) return statuses.map((status) => statusCells(status).slice(0, 5).join(' '));
  const rows = [[...COLUMNS], ...statuses.map(statusCells)];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '),
  );
}

/**
 * One bar per projector on stderr (stdout stays for the result lines); cli-progress draws nothing when
 * stderr is not a terminal. Rebuilds run one after another, so a new projector means the previous is live.
 */
function progressReporter() {
  const bar = new cliProgress.SingleBar(
    {
      format: '{name} [{bar}] {percentage}% | {value}/{total} events | {duration_formatted}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const live: RebuildProgress[] = [];
  let current: RebuildProgress | undefined;
  const stopBar = () => {
    if (current) bar.stop();
  };
  return {
    onProgress(progress: RebuildProgress) {
      if (progress.projector !== current?.projector) {
        stopBar();
        if (current) live.push(current);
        bar.start(progress.total, progress.applied, { name: progress.projector });
      }
      current = progress;
      bar.setTotal(progress.total);
      bar.update(progress.applied, { name: progress.projector });
    },
    /** The projections now live on rebuilt tables. */
    finish(succeeded: boolean): RebuildProgress[] {
      stopBar();
      if (succeeded && current) live.push(current);
      current = undefined;
      return live;
    },
  };
}

/** `annals projections status|rebuild`: the read models' health and their zero-downtime rebuild. */
export function registerProjectionCommands(program: Command, openContext: OpenContext): void {
  const projections = program.command('projections').description('read models built from the event log');

  projections
    .command('status')
    .description('version, checkpoint, events behind and lag of every projection')
    .option('--plain', 'no header, space-separated columns: name version checkpoint behind lag_seconds')
    .action(async (options: { plain?: boolean }) => {
      await withContext(openContext, async ({ projections }) => {
        for (const line of formatStatus(await projections.status(), options.plain ?? false))
          console.log(line);
      });
    });

  const rebuild = projections
    .command('rebuild')
    .description('rebuild projections into fresh tables and swap them in while the old ones keep serving')
    .argument('[name]', 'the projection to rebuild')
    .option('--all', 'rebuild every projection')
    .action(async (name: string | undefined, options: { all?: boolean }) => {
      if ((name === undefined) === !options.all) {
        rebuild.error('error: give a projection name or --all (not both)', { exitCode: 2 });
      }
      await withContext(openContext, async ({ projections }) => {
        const reporter = progressReporter();
        let succeeded = false;
        try {
          await projections.rebuild(options.all ? 'all' : name!, reporter.onProgress);
          succeeded = true;
        } finally {
          for (const done of reporter.finish(succeeded)) {
            console.log(`${done.projector} rebuilt: ${done.applied} events, checkpoint ${done.position}`);
          }
        }
      });
    });
}

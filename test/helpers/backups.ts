import yauzl from 'yauzl';
import { BACKUPS } from '../../src/processes/backups.js';
import { processCheckpointName } from '../../src/processes/process.js';
import { BACKUPS_PROJECTOR } from '../../src/projections/backups/projector.js';
import type { TestApp } from './app.js';
import { lastPosition } from './relationships.js';

/**
 * Waits until the backups process and read model have handled everything in the log, including what the
 * process itself appended meanwhile (attempt, completion, purges): checkpoints only, no timers.
 */
export async function backupsSettled(t: TestApp): Promise<void> {
  // The last stored position, not headPosition(): the head stops short of events that a transaction running
  // anywhere on the server still hides, so waiting for it could return before this database's events show.
  for (;;) {
    const last = await lastPosition(t);
    await t.processes.waitFor([processCheckpointName(BACKUPS)], last);
    await t.engine.waitFor([BACKUPS_PROJECTOR], last);
    if ((await lastPosition(t)) === last) return;
  }
}

/** Every entry of a zip, by name, as text, in the order stored. */
export function readZip(bytes: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map<string, string>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (openError, stream) => {
          if (openError) return reject(openError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

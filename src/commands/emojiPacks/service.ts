import type { Config } from '../../config.js';
import {
  type EmojiPackCommand,
  type EmojiPackEvent,
  emojiPackDecider,
  emojiPackStream,
} from '../../domain/emojiPack/index.js';
import { DomainError } from '../../domain/shared/errors.js';
import { archiveCache } from '../../emoji/packs/archive.js';
import { DiskChanges } from '../../emoji/packs/changes.js';
import { packDisk } from '../../emoji/packs/disk.js';
import type { RemoteOptions } from '../../emoji/packs/remote.js';
import { DEFAULT_MAX_ENTRIES, type ZipLimits } from '../../emoji/packs/zip.js';
import type { EmojiRegistry } from '../../emoji/registry.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';

/** What the emoji pack use cases need; AppDeps satisfies it. */
export interface EmojiPackDeps {
  eventStore: EventStore;
  /** Its folder holds the packs; reloaded after every change, so reactions and emoji lists see it. */
  emoji: EmojiRegistry;
  config: Pick<Config, 'ALLOW_LOCAL_FETCH' | 'EMOJI_PACK_LIMIT' | 'UPLOAD_LIMIT'>;
}

/** One task after another: pack changes are few, and shortcodes are unique across all packs. */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The emoji pack side of one app: the packs folder, the archive cache, and the lock every pack change takes
 * (it reads the folder, decides and writes, so two changes must not interleave). Built once per app.
 */
export function createEmojiPacks(deps: EmojiPackDeps) {
  const disk = packDisk(deps.emoji.directory);
  const remote: RemoteOptions = {
    allowLocal: deps.config.ALLOW_LOCAL_FETCH,
    maxArchiveBytes: deps.config.EMOJI_PACK_LIMIT,
  };
  const zipLimits: ZipLimits = {
    maxTotalBytes: deps.config.EMOJI_PACK_LIMIT,
    maxEntries: DEFAULT_MAX_ENTRIES,
  };
  return { deps, disk, archiveOf: archiveCache(), exclusive: serial(), remote, zipLimits };
}

export type EmojiPacks = ReturnType<typeof createEmojiPacks>;

const POSIX: Record<string, string> = {
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  ENOTEMPTY: 'Directory not empty',
};

/** A file system failure as Pleroma words it: `<what failed> (POSIX error: Permission denied)`, a 500. */
export function posixFailure(what: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (error instanceof DomainError || typeof code !== 'string' || !code.startsWith('E')) return error;
  return new DomainError('file_system', `${what} (POSIX error: ${POSIX[code] ?? code})`, 500);
}

/**
 * Runs one pack command through the command handler: decide; write its files (`apply`); append the events;
 * keep the files — or, when writing or appending fails, undo every write, so nothing is half-saved.
 * `failure` words a file system error (Pleroma's "Unexpected error occurred while …").
 */
export async function runPackCommand(
  packs: EmojiPacks,
  command: EmojiPackCommand,
  context: CommandContext,
  failure: string,
  apply: (changes: DiskChanges, events: EmojiPackEvent[]) => Promise<void>,
): Promise<EmojiPackEvent[]> {
  const changes = new DiskChanges();
  const stream = emojiPackStream(command.pack);
  try {
    const result = await handleCommand(packs.deps.eventStore, stream, emojiPackDecider, command, context, {
      async beforeAppend(events) {
        try {
          await apply(changes, events);
        } catch (error) {
          await changes.rollback();
          throw error;
        }
        return () => changes.rollback();
      },
    });
    await changes.commit();
    return result.events;
  } catch (error) {
    throw posixFailure(failure, error);
  }
}

/** A context of its own for one of several packs a request changes: event ids stay unique per command. */
export const contextFor = (context: CommandContext, pack: string): CommandContext => ({
  ...context,
  commandId: `${context.commandId}:${pack}`,
});

import { access, constants, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  existingPackName,
  fallbackIncomplete,
  newPackName,
  type PackMetadata,
  packDoesNotExist,
} from '../../domain/emojiPack/index.js';
import { DomainError } from '../../domain/shared/errors.js';
import { sha256Hex } from '../../emoji/packs/archive.js';
import { type LoadedPack, packJson } from '../../emoji/packs/disk.js';
import { filesOfFolder } from '../../emoji/packs/import.js';
import { remoteBytes } from '../../emoji/packs/remote.js';
import { readZip } from '../../emoji/packs/zip.js';
import type { CommandContext } from '../handleCommand.js';
import { contextFor, type EmojiPacks, posixFailure, runPackCommand } from './service.js';

/** Keys Annals computes when it renders a pack; never stored. */
const COMPUTED = ['can-download', 'download-sha256'];
export const withoutComputed = (metadata: PackMetadata): PackMetadata =>
  Object.fromEntries(Object.entries(metadata).filter(([key]) => !COMPUTED.includes(key)));

/** §7.3: an empty pack; 409 when anything of that name is in the folder. */
export async function createPack(
  packs: EmojiPacks,
  rawName: unknown,
  context: CommandContext,
): Promise<void> {
  const name = newPackName(rawName);
  const failure = 'Unexpected error occurred while creating pack.';
  await packs.exclusive(async () => {
    const { disk } = packs;
    await mkdir(disk.root, { recursive: true }).catch((error) =>
      Promise.reject(posixFailure(failure, error)),
    );
    const command = { type: 'CreatePack', pack: name, folderExists: await disk.exists(name) } as const;
    await runPackCommand(packs, command, context, failure, async (changes) => {
      await changes.makeDirs(disk.root, name);
      await changes.writeFile(join(disk.dirOf(name), 'pack.json'), packJson({}, {}));
    });
    await packs.deps.emoji.reload();
  });
}

/**
 * §7.4's fallback check: downloads `fallback-src`, which must hold every file of the pack, and answers its
 * uppercase SHA-256. Done before taking the lock: a slow remote must not hold up other pack changes.
 */
async function fallbackSha256(packs: EmojiPacks, pack: LoadedPack, url: string): Promise<string> {
  const archive = await remoteBytes(url, packs.remote, packs.remote.maxArchiveBytes);
  const wanted = new Set(Object.values(pack.files));
  const found = await readZip(archive, packs.zipLimits, (path) => wanted.has(path));
  if ([...wanted].some((file) => !found.has(file))) throw fallbackIncomplete();
  return sha256Hex(archive);
}

async function loadOrFail(packs: EmojiPacks, name: string, failure: string): Promise<LoadedPack | null> {
  try {
    return await packs.disk.load(name);
  } catch (error) {
    throw posixFailure(failure, error);
  }
}

/** §7.4: replaces the pack's metadata; answers what was saved. */
export async function updatePackMetadata(
  packs: EmojiPacks,
  rawName: unknown,
  metadata: PackMetadata,
  context: CommandContext,
): Promise<PackMetadata> {
  const { name, safe } = existingPackName(rawName);
  if (safe === null) throw packDoesNotExist(name);
  const failure = 'Unexpected error occurred while updating pack metadata.';
  const saved = withoutComputed(metadata);
  const before = await loadOrFail(packs, safe, failure);
  if (!before) throw packDoesNotExist(safe);
  const fallback = saved['fallback-src'];
  if (typeof fallback === 'string' && fallback !== before.metadata['fallback-src']) {
    saved['fallback-src-sha256'] = await fallbackSha256(packs, before, fallback);
  }
  return packs.exclusive(async () => {
    const pack = await loadOrFail(packs, safe, failure);
    const onDisk = pack && { files: pack.files, metadata: pack.metadata };
    const command = { type: 'UpdatePackMetadata', pack: safe, onDisk, metadata: saved } as const;
    await runPackCommand(packs, command, context, failure, async (changes) => {
      await changes.writeFile(join(pack!.dir, 'pack.json'), packJson(pack!.files, saved));
    });
    await packs.deps.emoji.reload();
    return saved;
  });
}

/** §7.5: the pack folder and everything in it. */
export async function deletePack(
  packs: EmojiPacks,
  rawName: unknown,
  context: CommandContext,
): Promise<void> {
  const name = newPackName(rawName);
  await packs.exclusive(async () => {
    const command = {
      type: 'DeletePack',
      pack: name,
      folderExists: await packs.disk.isPackDir(name),
    } as const;
    const failure = `Couldn't delete the \`${name}\` pack`;
    await runPackCommand(packs, command, context, failure, (changes) =>
      changes.remove(packs.disk.dirOf(name)),
    );
    await packs.deps.emoji.reload();
  });
}

const isPlainName = (name: string) => {
  try {
    return newPackName(name) === name;
  } catch {
    return false;
  }
};

const importFailed = (message: string) => new DomainError('import_failed', message, 500);

/** §7.6: a pack.json for every folder that has none; answers the names of the packs made. */
export async function importPacks(packs: EmojiPacks, context: CommandContext): Promise<string[]> {
  const { disk } = packs;
  return packs.exclusive(async () => {
    let names: string[];
    try {
      names = await disk.folderNames();
      await access(disk.root, constants.R_OK | constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw importFailed(
        code === 'EACCES' || code === 'EROFS' || code === 'EPERM'
          ? 'Error: emoji pack directory must be writable'
          : 'Error accessing emoji pack directory',
      );
    }
    const imported: string[] = [];
    for (const name of names.filter(isPlainName)) {
      const packFile = join(disk.dirOf(name), 'pack.json');
      if (await disk.exists(join(name, 'pack.json'))) continue;
      const { source, files } = await filesOfFolder(disk, name);
      const command = { type: 'ImportPack', pack: name, source, files, hasPackJson: false } as const;
      const failure = 'Error accessing emoji pack directory';
      await runPackCommand(packs, command, contextFor(context, name), failure, (changes) =>
        changes.writeFile(packFile, packJson(files, {})),
      );
      imported.push(name);
    }
    if (imported.length > 0) await packs.deps.emoji.reload();
    return imported;
  });
}

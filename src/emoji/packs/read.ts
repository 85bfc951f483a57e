import { cannotDownload, existingPackName, packDoesNotExist } from '../../domain/emojiPack/index.js';
import { DomainError } from '../../domain/shared/errors.js';
import { type ArchiveOf, downloadableFiles, type PackArchive } from './archive.js';
import { type LoadedPack, type PackDisk, PackUnreadableError } from './disk.js';

/** What reading packs needs (the app's EmojiPacks has it). */
export interface PackReader {
  disk: PackDisk;
  archiveOf: ArchiveOf;
}

/** A pack with what the folder says of it now: its archive when it can be downloaded. */
export interface PackView {
  pack: LoadedPack;
  archive: PackArchive | null;
}

async function view(reader: PackReader, pack: LoadedPack): Promise<PackView> {
  const files = await downloadableFiles(reader.disk, pack);
  return { pack, archive: files ? await reader.archiveOf(pack, files) : null };
}

const page = <T>(items: readonly T[], number: number, size: number) =>
  items.slice((number - 1) * size, number * size);

/**
 * §7.1: the packs (folders with a pack.json), sorted by name, one page of them, and how many there are. A
 * pack.json that cannot be read leaves its pack out rather than failing the list.
 */
export async function listPacks(reader: PackReader, pageNumber: number, pageSize: number) {
  let names: string[];
  try {
    names = await reader.disk.folderNames();
  } catch (error) {
    const message = `Failed to get the contents of the emoji pack directory at ${reader.disk.root}`;
    throw new DomainError(
      'file_system',
      `${message}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      500,
    );
  }
  const packs: LoadedPack[] = [];
  for (const name of names) {
    const pack = await reader.disk.load(name).catch((error) => {
      if (error instanceof PackUnreadableError) return null;
      throw error;
    });
    if (pack) packs.push(pack);
  }
  const views: PackView[] = [];
  for (const pack of page(packs, pageNumber, pageSize)) views.push(await view(reader, pack));
  return { views, count: packs.length };
}

async function loadNamed(reader: PackReader, rawName: unknown): Promise<{ name: string; pack: LoadedPack }> {
  const { name, safe } = existingPackName(rawName);
  let pack: LoadedPack | null = null;
  try {
    pack = safe === null ? null : await reader.disk.load(safe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable pack.json';
    throw new DomainError(
      'file_system',
      `Failed to get the contents of the \`${name}\` pack. (POSIX error: ${code})`,
      500,
    );
  }
  if (!pack) throw packDoesNotExist(name);
  return { name, pack };
}

/** §7.2: one pack with a page of its files, sorted by shortcode. */
export async function showPack(reader: PackReader, rawName: unknown, pageNumber: number, pageSize: number) {
  const { pack } = await loadNamed(reader, rawName);
  const shortcodes = page(Object.keys(pack.files).sort(), pageNumber, pageSize);
  const files = Object.fromEntries(shortcodes.map((shortcode) => [shortcode, pack.files[shortcode]!]));
  return { view: await view(reader, pack), files };
}

/** §7.9: the pack's zip, when it is shared and whole; else 403. */
export async function packArchive(
  reader: PackReader,
  rawName: unknown,
): Promise<{ name: string; archive: PackArchive }> {
  const { name, pack } = await loadNamed(reader, rawName);
  const { archive } = await view(reader, pack);
  if (!archive) throw cannotDownload(name);
  return { name: pack.name, archive };
}

import { createHash } from 'node:crypto';
import { rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  emojiFilename,
  existingPackName,
  hasEmojiExtension,
  type NewEmoji,
  type PackFiles,
  packNotFound,
  shortcodeOf,
  unsafeFilename,
} from '../../domain/emojiPack/index.js';
import type { DiskChanges } from '../../emoji/packs/changes.js';
import { type LoadedPack, packJson } from '../../emoji/packs/disk.js';
import { checkEmojiImage } from '../../emoji/packs/images.js';
import { isZip, readZip } from '../../emoji/packs/zip.js';
import type { CommandContext } from '../handleCommand.js';
import { type EmojiPacks, posixFailure, runPackCommand } from './service.js';

const blank = (value: string) => value.trim() === '';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The pack a files request names (§7.10): 404 `pack "<name>" is not found` when there is none. */
export async function packForFiles(
  packs: EmojiPacks,
  rawName: unknown,
  failure: string,
): Promise<LoadedPack> {
  const { name, safe } = existingPackName(rawName);
  const pack =
    safe === null ? null : await packs.disk.load(safe).catch((e) => Promise.reject(posixFailure(failure, e)));
  if (!pack) throw packNotFound(name);
  return pack;
}

/** Folders a file was in, emptied by its move or removal, go too (as in Pleroma). */
async function pruneEmptyDirs(packDir: string, file: string): Promise<void> {
  for (let dir = dirname(file); dir !== '.' && dir !== ''; dir = dirname(dir)) {
    if (
      !(await rmdir(join(packDir, dir)).then(
        () => true,
        () => false,
      ))
    )
      return;
  }
}

/** A folder on the way that is a link or a file is refused like an escaping name: nothing goes through it. */
async function makeDirsFor(changes: DiskChanges, dir: string, filename: string) {
  await changes.makeDirs(dir, dirname(filename)).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOTDIR' ? unsafeFilename(filename) : error;
  });
}

async function writeEmoji(changes: DiskChanges, dir: string, filename: string, bytes: Buffer) {
  await makeDirsFor(changes, dir, filename);
  await changes.writeFile(join(dir, filename), bytes);
}

export interface AddEmojiInput {
  bytes: Buffer;
  /** The upload's own name, or the URL's last segment. */
  originalName: string;
  shortcode?: string | undefined;
  filename?: string | undefined;
}

/** A zip upload adds each image whose shortcode no pack has yet (§7.10), keeping its path. */
async function fromZip(packs: EmojiPacks, bytes: Buffer): Promise<Map<string, NewEmoji & { bytes: Buffer }>> {
  const entries = await readZip(bytes, packs.zipLimits, hasEmojiExtension);
  const added = new Map<string, NewEmoji & { bytes: Buffer }>();
  for (const [filename, data] of entries) {
    const shortcode = shortcodeOf(filename);
    if (packs.deps.emoji.get(shortcode) || added.has(shortcode)) continue;
    await checkEmojiImage(data, filename);
    added.set(shortcode, { shortcode, filename, sha256: sha256(data), size: data.length, bytes: data });
  }
  return added;
}

async function single(input: AddEmojiInput): Promise<Map<string, NewEmoji & { bytes: Buffer }>> {
  const filename = input.filename ?? input.originalName;
  const shortcode = input.shortcode ?? shortcodeOf(filename);
  // Blank values are the decider's 422; anything else must be a safe image path before it nears the disk.
  const safe = blank(filename) ? filename : emojiFilename(filename);
  if (!blank(filename)) await checkEmojiImage(input.bytes, filename);
  const emoji = { shortcode, filename: safe, sha256: sha256(input.bytes), size: input.bytes.length };
  return new Map([[shortcode, { ...emoji, bytes: input.bytes }]]);
}

/** §7.10 POST: adds one emoji, or every new one of a zip; answers the pack's files. */
export async function addEmoji(
  packs: EmojiPacks,
  rawName: unknown,
  input: AddEmojiInput,
  context: CommandContext,
): Promise<PackFiles> {
  const failure = 'Unexpected error occurred while adding file to pack.';
  const { name } = await packForFiles(packs, rawName, failure);
  return packs.exclusive(async () => {
    const emoji = isZip(input.bytes) ? await fromZip(packs, input.bytes) : await single(input);
    const pack = await packs.disk.load(name);
    const onDisk = pack && { files: pack.files, metadata: pack.metadata };
    const list = [...emoji.values()].map(({ bytes: _, ...rest }) => rest);
    const taken = list.filter((each) => packs.deps.emoji.get(each.shortcode)).map((each) => each.shortcode);
    const command = { type: 'AddEmoji', pack: name, onDisk, emoji: list, taken } as const;
    const files = { ...pack?.files };
    for (const each of list) files[each.shortcode] = each.filename;
    const events = await runPackCommand(packs, command, context, failure, async (changes) => {
      for (const each of emoji.values()) await writeEmoji(changes, pack!.dir, each.filename, each.bytes);
      await changes.writeFile(join(pack!.dir, 'pack.json'), packJson(files, pack!.metadata));
    });
    if (events.length === 0) return pack?.files ?? {};
    await packs.deps.emoji.reload();
    return files;
  });
}

export interface RenameEmojiInput {
  shortcode: string;
  newShortcode: string;
  newFilename: string;
  force: boolean;
}

/** §7.10 PATCH: a new shortcode and/or file for an emoji; answers the pack's files. */
export async function renameEmoji(
  packs: EmojiPacks,
  rawName: unknown,
  input: RenameEmojiInput,
  context: CommandContext,
): Promise<PackFiles> {
  const failure = 'Unexpected error occurred while updating.';
  const { name } = await packForFiles(packs, rawName, failure);
  return packs.exclusive(async () => {
    const pack = await packs.disk.load(name);
    const oldFile =
      pack && Object.hasOwn(pack.files, input.shortcode) ? pack.files[input.shortcode] : undefined;
    const newFilename =
      pack && !blank(input.newFilename) ? emojiFilename(input.newFilename) : input.newFilename;
    const command = {
      type: 'RenameEmoji',
      pack: name,
      onDisk: pack && { files: pack.files, metadata: pack.metadata },
      ...input,
      newFilename,
      newShortcodeTaken: packs.deps.emoji.get(input.newShortcode) !== undefined,
      fileExists: oldFile !== undefined && (await packs.disk.regularFile(pack!.dir, oldFile)) !== null,
    } as const;
    const { [input.shortcode]: _, ...rest } = pack?.files ?? {};
    const files = { ...rest, [input.newShortcode]: newFilename };
    const events = await runPackCommand(packs, command, context, failure, async (changes) => {
      if (newFilename !== oldFile) {
        await makeDirsFor(changes, pack!.dir, newFilename);
        await changes.move(join(pack!.dir, oldFile!), join(pack!.dir, newFilename));
      }
      await changes.writeFile(join(pack!.dir, 'pack.json'), packJson(files, pack!.metadata));
    });
    if (events.length === 0) return pack!.files;
    if (newFilename !== oldFile) await pruneEmptyDirs(pack!.dir, oldFile!);
    await packs.deps.emoji.reload();
    return files;
  });
}

/** §7.10 DELETE: the emoji and its file; answers the pack's files. */
export async function removeEmoji(
  packs: EmojiPacks,
  rawName: unknown,
  shortcode: string,
  context: CommandContext,
): Promise<PackFiles> {
  const failure = 'Unexpected error occurred while deleting emoji file.';
  const { name } = await packForFiles(packs, rawName, failure);
  return packs.exclusive(async () => {
    const pack = await packs.disk.load(name);
    const onDisk = pack && { files: pack.files, metadata: pack.metadata };
    const command = { type: 'RemoveEmoji', pack: name, onDisk, shortcode } as const;
    const { [shortcode]: file, ...files } = pack?.files ?? {};
    await runPackCommand(packs, command, context, failure, async (changes) => {
      // A file that is gone already, or a path leading out, is only dropped from pack.json.
      const onDiskFile = file === undefined ? null : await packs.disk.regularFile(pack!.dir, file);
      if (onDiskFile) await changes.remove(onDiskFile.path);
      await changes.writeFile(join(pack!.dir, 'pack.json'), packJson(files, pack!.metadata));
    });
    if (file !== undefined) await pruneEmptyDirs(pack!.dir, file);
    await packs.deps.emoji.reload();
    return files;
  });
}

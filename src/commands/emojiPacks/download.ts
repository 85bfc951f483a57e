import { dirname, join } from 'node:path';
import {
  checksumMismatch,
  emptyPackName,
  hasEmojiExtension,
  newPackName,
  nothingToDownload,
  type PackFiles,
  packExists,
  safeRelativePath,
} from '../../domain/emojiPack/index.js';
import { DomainError } from '../../domain/shared/errors.js';
import { sha256Hex } from '../../emoji/packs/archive.js';
import { packJson } from '../../emoji/packs/disk.js';
import { checkEmojiImage } from '../../emoji/packs/images.js';
import { checkShareable, remoteBytes, remoteJson, remoteUrl } from '../../emoji/packs/remote.js';
import { readZip } from '../../emoji/packs/zip.js';
import type { CommandContext } from '../handleCommand.js';
import { withoutComputed } from './packs.js';
import { type EmojiPacks, runPackCommand } from './service.js';

export interface DownloadRequest {
  url: string;
  name: string;
  as?: string | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const badRemotePack = (why: string) => new DomainError('bad_remote_pack', `The remote pack ${why}`, 502);

/** Where the pack's zip is: the remote's own archive when shared, else its fallback-src (Pleroma's order). */
function sourceOf(base: string, name: string, meta: Record<string, unknown>) {
  if (
    meta['share-files'] === true &&
    meta['can-download'] === true &&
    typeof meta['download-sha256'] === 'string'
  ) {
    const url = remoteUrl(base, `/api/v1/pleroma/emoji/packs/archive?name=${encodeURIComponent(name)}`);
    return { url, sha256: meta['download-sha256'], fallback: false };
  }
  if (typeof meta['fallback-src'] === 'string' && typeof meta['fallback-src-sha256'] === 'string') {
    return { url: meta['fallback-src'], sha256: meta['fallback-src-sha256'], fallback: true };
  }
  throw nothingToDownload();
}

/** The remote's file list, every path checked: a pack listing a path that leads out is refused whole. */
function filesOf(remote: Record<string, unknown>): PackFiles {
  const files: PackFiles = {};
  for (const [shortcode, file] of Object.entries(isObject(remote.files) ? remote.files : {})) {
    const path = typeof file === 'string' ? safeRelativePath(file) : null;
    if (path === null || !hasEmojiExtension(path))
      throw badRemotePack(`lists an unsafe file: ${JSON.stringify(file)}`);
    files[shortcode] = path;
  }
  return files;
}

/** §7.8: copies pack `name` of the instance at `url` here, as `as` when given. */
export async function downloadPack(packs: EmojiPacks, request: DownloadRequest, context: CommandContext) {
  const remoteName = request.name.trim();
  if (remoteName === '') throw emptyPackName();
  const local = newPackName(request.as?.trim() ? request.as : remoteName);
  if (await packs.disk.exists(local)) throw packExists(local);

  await checkShareable(request.url, packs.remote);
  const packUrl = (size: number) =>
    remoteUrl(
      request.url,
      `/api/v1/pleroma/emoji/pack?name=${encodeURIComponent(remoteName)}&page_size=${size}`,
    );
  const head = await remoteJson(packUrl(0), packs.remote);
  const count = isObject(head) ? head.files_count : undefined;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
    throw badRemotePack('could not be read');
  const remote = await remoteJson(packUrl(count), packs.remote);
  if (!isObject(remote) || !isObject(remote.pack)) throw badRemotePack('could not be read');
  const source = sourceOf(request.url, remoteName, remote.pack);
  const files = filesOf(remote);

  const archive = await remoteBytes(source.url, packs.remote, packs.remote.maxArchiveBytes);
  const archiveSha256 = sha256Hex(archive);
  if (archiveSha256 !== source.sha256.toUpperCase()) throw checksumMismatch();
  const wanted = new Set(Object.values(files));
  const contents = await readZip(archive, packs.zipLimits, (path) => wanted.has(path));
  for (const file of wanted) {
    const bytes = contents.get(file);
    if (!bytes) throw badRemotePack(`archive does not have all files specified in pack.json`);
    await checkEmojiImage(bytes, file);
  }

  const metadata = withoutComputed(remote.pack);
  await packs.exclusive(async () => {
    const { disk } = packs;
    const command = {
      type: 'RecordDownload',
      pack: local,
      folderExists: await disk.exists(local),
      url: source.url,
      remoteName,
      archiveSha256,
      fallback: source.fallback,
      files,
      metadata,
    } as const;
    await runPackCommand(packs, command, context, 'Could not write the pack.', async (changes) => {
      const staging = await changes.stagingDir(disk.root);
      for (const [file, bytes] of contents) {
        await changes.makeDirs(staging, dirname(file));
        await changes.writeFile(join(staging, file), bytes);
      }
      await changes.writeFile(join(staging, 'pack.json'), packJson(files, metadata));
      await changes.placeDir(staging, disk.dirOf(local));
    });
    await packs.deps.emoji.reload();
  });
}

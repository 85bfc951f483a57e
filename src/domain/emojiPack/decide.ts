import { assertNever } from '../shared/errors.js';
import type { AddEmoji, EmojiPackCommand, RemoveEmoji, RenameEmoji, UpdatePackMetadata } from './commands.js';
import {
  emojiDoesNotExist,
  emojiExists,
  emptyAddValues,
  emptyRemoveValues,
  emptyRenameValues,
  newShortcodeUsed,
  packDoesNotExist,
  packExists,
  packNotFound,
} from './errors.js';
import type { EmojiPackEvent } from './events.js';
import type { EmojiPackState } from './state.js';

const blank = (value: string) => value.trim() === '';
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function updateMetadata(command: UpdatePackMetadata): EmojiPackEvent[] {
  if (!command.onDisk) throw packDoesNotExist(command.pack);
  if (sameJson(command.onDisk.metadata, command.metadata)) return [];
  return [{ type: 'EmojiPackUpdated', data: { pack: command.pack, metadata: command.metadata } }];
}

/** Pleroma's order: the pack, then blank values, then a shortcode some pack already has. */
function addEmoji(command: AddEmoji): EmojiPackEvent[] {
  if (!command.onDisk) throw packNotFound(command.pack);
  if (command.emoji.some((each) => blank(each.shortcode) || blank(each.filename))) throw emptyAddValues();
  const taken = command.emoji.find((each) => command.taken.includes(each.shortcode));
  if (taken) throw emojiExists(taken.shortcode);
  return command.emoji.map((each) => ({ type: 'EmojiAdded', data: { pack: command.pack, ...each } }));
}

function renameEmoji(command: RenameEmoji): EmojiPackEvent[] {
  const { onDisk, shortcode, newShortcode, newFilename } = command;
  if (!onDisk) throw packNotFound(command.pack);
  if (blank(shortcode) || blank(newShortcode) || blank(newFilename)) throw emptyRenameValues();
  const filename = Object.hasOwn(onDisk.files, shortcode) ? onDisk.files[shortcode] : undefined;
  if (filename === undefined || !command.fileExists) throw emojiDoesNotExist(shortcode);
  if (command.newShortcodeTaken && !command.force) throw newShortcodeUsed(newShortcode);
  if (newShortcode === shortcode && newFilename === filename) return [];
  return [
    {
      type: 'EmojiRenamed',
      data: { pack: command.pack, shortcode, newShortcode, filename, newFilename },
    },
  ];
}

/** The pack is checked first, even for a blank shortcode (§7.10 DELETE). */
function removeEmoji(command: RemoveEmoji): EmojiPackEvent[] {
  if (!command.onDisk) throw packNotFound(command.pack);
  if (blank(command.shortcode)) throw emptyRemoveValues();
  const files = command.onDisk.files;
  if (!Object.hasOwn(files, command.shortcode)) throw emojiDoesNotExist(command.shortcode);
  const filename = files[command.shortcode]!;
  return [{ type: 'EmojiRemoved', data: { pack: command.pack, shortcode: command.shortcode, filename } }];
}

export function decideEmojiPack(command: EmojiPackCommand, _state: EmojiPackState): EmojiPackEvent[] {
  switch (command.type) {
    case 'CreatePack':
      if (command.folderExists) throw packExists(command.pack);
      return [{ type: 'EmojiPackCreated', data: { pack: command.pack } }];
    case 'UpdatePackMetadata':
      return updateMetadata(command);
    case 'DeletePack':
      if (!command.folderExists) throw packDoesNotExist(command.pack);
      return [{ type: 'EmojiPackDeleted', data: { pack: command.pack } }];
    case 'AddEmoji':
      return addEmoji(command);
    case 'RenameEmoji':
      return renameEmoji(command);
    case 'RemoveEmoji':
      return removeEmoji(command);
    case 'ImportPack':
      if (command.hasPackJson) return [];
      return [
        {
          type: 'EmojiPackImported',
          data: { pack: command.pack, source: command.source, files: command.files },
        },
      ];
    case 'RecordDownload': {
      const { type: _, folderExists, ...data } = command;
      if (folderExists) throw packExists(command.pack);
      return [{ type: 'EmojiPackDownloaded', data }];
    }
    default:
      return assertNever(command);
  }
}

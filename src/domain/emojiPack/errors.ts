import { DomainError } from '../shared/errors.js';

/** §7's refusals, word for word; `code` tells them apart in tests and logs. */

export const emptyPackName = () => new DomainError('pack_name_empty', 'pack name cannot be empty', 400);

/** The pack endpoints (§7.2, §7.5, §7.9) say it this way… */
export const packDoesNotExist = (name: string) =>
  new DomainError('pack_not_found', `Pack ${name} does not exist`, 404);

/** …and the pack file endpoints (§7.10) this way. */
export const packNotFound = (name: string) =>
  new DomainError('pack_not_found', `pack "${name}" is not found`, 404);

export const packExists = (name: string) =>
  new DomainError('pack_exists', `A pack named "${name}" already exists`, 409);

export const emojiExists = (shortcode: string) =>
  new DomainError('emoji_exists', `An emoji with the "${shortcode}" shortcode already exists`, 409);

export const emojiDoesNotExist = (shortcode: string) =>
  new DomainError('emoji_not_found', `Emoji "${shortcode}" does not exist`, 400);

export const newShortcodeUsed = (shortcode: string) =>
  new DomainError(
    'shortcode_used',
    `New shortcode "${shortcode}" is already used. If you want to override emoji use 'force' option`,
    409,
  );

export const emptyAddValues = () =>
  new DomainError('empty_values', 'pack name, shortcode or filename cannot be empty', 422);
export const emptyRenameValues = () =>
  new DomainError('empty_values', 'new_shortcode or new_filename cannot be empty', 422);
export const emptyRemoveValues = () =>
  new DomainError('empty_values', 'pack name or shortcode cannot be empty', 422);

export const cannotDownload = (name: string) =>
  new DomainError(
    'pack_not_downloadable',
    `Pack ${name} cannot be downloaded from this instance, either pack sharing was disabled for this pack or some files are missing`,
    403,
  );

export const fallbackIncomplete = () =>
  new DomainError(
    'fallback_incomplete',
    'The fallback archive does not have all files specified in pack.json',
    400,
  );

export const notShareable = () =>
  new DomainError('remote_not_shareable', 'The requested instance does not support sharing emoji packs', 500);

export const nothingToDownload = () =>
  new DomainError(
    'remote_pack_not_shared',
    'The pack was not set as shared and there is no fallback src to download from',
    500,
  );

export const checksumMismatch = () =>
  new DomainError('checksum_mismatch', "SHA256 for the pack doesn't match the one sent by the server", 500);

/** Not in Pleroma (it crashes on these): a clear 4xx instead. */
export const unsafePackName = (name: string) =>
  new DomainError('unsafe_pack_name', `Invalid pack name: ${JSON.stringify(name)}`, 400);
export const unsafeFilename = (filename: string) =>
  new DomainError('unsafe_filename', `Invalid filename: ${JSON.stringify(filename)}`, 400);
export const notAnImage = (filename: string) =>
  new DomainError('not_an_image', `Only images can be emoji: ${JSON.stringify(filename)} is not one`, 415);

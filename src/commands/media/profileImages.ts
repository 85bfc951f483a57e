import {
  accountDecider,
  accountStream,
  type Mascot,
  type ProfileChanges,
  type ProfileImageChanges,
  type ProfileImageKind,
  profileImageKinds,
  profileImageLimits,
} from '../../domain/account/index.js';
import { DomainError, notFound } from '../../domain/shared/errors.js';
import { type InspectedFile, inspectFile } from '../../media/inspect.js';
import { ACCOUNTS_PROJECTOR } from '../../projections/accounts/projector.js';
import { type AccountRecord, findAccountById } from '../../projections/accounts/queries.js';
import { type ProfileEmojiDeps, withProfileEmoji } from '../accounts/profileEmoji.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import type { MediaCommandDeps } from './deps.js';
import { recordOrRemove, type StoredFile, storeFile } from './store.js';

/** New pictures as uploaded: the bytes, or null to clear (an empty string in the request). */
export type ProfileImageInput = Partial<Record<ProfileImageKind, Buffer | null>>;

const LABEL: Record<ProfileImageKind, string> = {
  avatar: 'Avatar',
  header: 'Header',
  background: 'Background',
};

/** update_credentials' refusal of an oversized picture (Pleroma's text). */
export const fileTooLarge = () => new DomainError('file_too_large', 'File is too large', 413);
/** SVG is refused with the rest: it may carry script, and pictures are shown on every page. */
export const notAnImage = (kind: ProfileImageKind) =>
  new DomainError('not_an_image', `${LABEL[kind]} must be an image`, 415);

/** Every picture is checked before any is stored: one bad file refuses the whole request. */
async function inspectImages(input: ProfileImageInput): Promise<[ProfileImageKind, InspectedFile | null][]> {
  const checked: [ProfileImageKind, InspectedFile | null][] = [];
  for (const kind of profileImageKinds) {
    const bytes = input[kind];
    if (bytes === undefined) continue;
    if (bytes === null) {
      checked.push([kind, null]);
      continue;
    }
    if (bytes.length > profileImageLimits[kind]) throw fileTooLarge();
    const file = await inspectFile(bytes);
    if (file.type.kind !== 'image') throw notAnImage(kind);
    checked.push([kind, file]);
  }
  return checked;
}

async function storeImages(deps: MediaCommandDeps, input: ProfileImageInput) {
  const checked = await inspectImages(input);
  const stored: StoredFile[] = [];
  const changes: ProfileImageChanges = {};
  try {
    for (const [kind, file] of checked) {
      if (file === null) {
        changes[kind] = null;
        continue;
      }
      const saved = await storeFile(deps.storage, file);
      stored.push(saved);
      changes[kind] = { ...saved, mimeType: file.type.mime };
    }
  } catch (error) {
    await Promise.all(stored.map((file) => deps.storage.delete(file.key).catch(() => undefined)));
    throw error;
  }
  return { stored, changes };
}

async function readBack(deps: MediaCommandDeps, accountId: string, position: bigint | null) {
  await deps.projections.waitFor([ACCOUNTS_PROJECTOR], position);
  const account = await findAccountById(deps.db, accountId);
  if (!account) throw notFound();
  return account;
}

/**
 * PATCH /api/v1/accounts/update_credentials with pictures: they are checked and stored, then the profile
 * changes and the pictures are one append (ProfileUpdated and ProfileImagesChanged together), so a refused
 * profile keeps no picture and the other way round.
 */
export async function updateProfileWithImages(
  deps: MediaCommandDeps & ProfileEmojiDeps,
  accountId: string,
  changes: ProfileChanges,
  images: ProfileImageInput,
  context: CommandContext,
): Promise<AccountRecord> {
  const profile = await withProfileEmoji(deps, accountId, changes);
  const { stored, changes: imageChanges } = await storeImages(deps, images);
  const command = { type: 'UpdateProfile', changes: profile, images: imageChanges } as const;
  const result = await recordOrRemove(deps.storage, stored, () =>
    handleCommand(deps.eventStore, accountStream(accountId), accountDecider, command, context),
  );
  return readBack(deps, accountId, result.position);
}

/** The historical update_avatar/update_banner/update_background (§5.4): one picture set or cleared. */
export async function changeProfileImage(
  deps: MediaCommandDeps,
  accountId: string,
  kind: ProfileImageKind,
  bytes: Buffer | null,
  context: CommandContext,
): Promise<AccountRecord> {
  const { stored, changes } = await storeImages(deps, { [kind]: bytes });
  const command = { type: 'ChangeProfileImages', changes } as const;
  const result = await recordOrRemove(deps.storage, stored, () =>
    handleCommand(deps.eventStore, accountStream(accountId), accountDecider, command, context),
  );
  return readBack(deps, accountId, result.position);
}

/** Pleroma's mascot refusal (§5.6). */
export const mascotsOnlyImages = () => new DomainError('mascot_not_image', 'mascots can only be images', 415);

/** PUT /api/v1/pleroma/mascot: an image, stored and recorded whole; answers it. */
export async function changeMascot(
  deps: MediaCommandDeps,
  accountId: string,
  bytes: Buffer,
  context: CommandContext,
): Promise<Mascot> {
  const file = await inspectFile(bytes);
  if (file.type.kind !== 'image') throw mascotsOnlyImages();
  const stored = await storeFile(deps.storage, file);
  const mascot: Mascot = {
    id: deps.ids.next(),
    ...stored,
    mimeType: file.type.mime,
    width: file.width,
    height: file.height,
  };
  const result = await recordOrRemove(deps.storage, [stored], () =>
    handleCommand(
      deps.eventStore,
      accountStream(accountId),
      accountDecider,
      { type: 'ChangeMascot', mascot },
      context,
    ),
  );
  await deps.projections.waitFor([ACCOUNTS_PROJECTOR], result.position);
  return mascot;
}

import type { DomainEvent } from '../shared/decider.js';
import { assertNever } from '../shared/errors.js';
import type { RegisteredAccount } from './state.js';

/**
 * The account's pictures (§5.4, §5.6): avatar, header (Pleroma's banner), background and mascot. The bytes are
 * in the media storage; events name them by key, with the URL they are served at (Pleroma keeps the href too).
 */
export interface StoredImage {
  key: string;
  url: string;
  mimeType: string;
}

export type ProfileImageKind = 'avatar' | 'header' | 'background';
export const profileImageKinds = [
  'avatar',
  'header',
  'background',
] as const satisfies readonly ProfileImageKind[];

/** null: none set (the defaults are shown). */
export type ProfileImages = Record<ProfileImageKind, StoredImage | null>;
/** Absent = unchanged, null = cleared. */
export type ProfileImageChanges = Partial<ProfileImages>;

/** Pleroma's `avatar_upload_limit`, `banner_upload_limit` and `background_upload_limit` defaults, in bytes. */
export const profileImageLimits: Readonly<Record<ProfileImageKind, number>> = {
  avatar: 2_000_000,
  header: 4_000_000,
  background: 4_000_000,
};

export const noProfileImages: ProfileImages = { avatar: null, header: null, background: null };

/** The mascot is an uploaded attachment (§5.6): kept whole, rendered as an Attachment. */
export interface Mascot extends StoredImage {
  id: string;
  width: number | null;
  height: number | null;
}

export type ProfileImagesChanged = DomainEvent<
  'ProfileImagesChanged',
  { accountId: string; changes: ProfileImageChanges }
>;
export type MascotChanged = DomainEvent<'MascotChanged', { accountId: string; mascot: Mascot }>;

export type ImageEvent = ProfileImagesChanged | MascotChanged;
export const imageEventTypes = [
  'ProfileImagesChanged',
  'MascotChanged',
] as const satisfies readonly ImageEvent['type'][];

export type ChangeProfileImages = { type: 'ChangeProfileImages'; changes: ProfileImageChanges };
export type ChangeMascot = { type: 'ChangeMascot'; mascot: Mascot };
export type ImageCommand = ChangeProfileImages | ChangeMascot;

/** What differs from the current pictures: clearing what is already clear changes nothing. */
export function effectiveImageChanges(
  current: ProfileImages,
  changes: ProfileImageChanges,
): ProfileImageChanges {
  const result: ProfileImageChanges = {};
  for (const kind of profileImageKinds) {
    const next = changes[kind];
    if (next === undefined || next?.key === current[kind]?.key) continue;
    result[kind] = next;
  }
  return result;
}

/** The event for changed pictures, or none when nothing changes (also used by UpdateProfile). */
export function imageChangeEvents(
  account: RegisteredAccount,
  changes: ProfileImageChanges,
): ProfileImagesChanged[] {
  const effective = effectiveImageChanges(account.images, changes);
  if (Object.keys(effective).length === 0) return [];
  return [{ type: 'ProfileImagesChanged', data: { accountId: account.id, changes: effective } }];
}

export function decideImages(command: ImageCommand, account: RegisteredAccount): ImageEvent[] {
  switch (command.type) {
    case 'ChangeProfileImages':
      return imageChangeEvents(account, command.changes);
    case 'ChangeMascot':
      return [{ type: 'MascotChanged', data: { accountId: account.id, mascot: command.mascot } }];
    default:
      return assertNever(command);
  }
}

export function evolveImages(account: RegisteredAccount, event: ImageEvent): RegisteredAccount {
  switch (event.type) {
    case 'ProfileImagesChanged':
      return { ...account, images: { ...account.images, ...event.data.changes } };
    case 'MascotChanged':
      return account; // read only through the read model
    default:
      return assertNever(event);
  }
}

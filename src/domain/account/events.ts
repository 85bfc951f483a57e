import type { DomainEvent } from '../shared/decider.js';
import type { CustomEmojiRef } from '../shared/emoji.js';
import { type ImageEvent, imageEventTypes } from './images.js';
import { type LifecycleEvent, lifecycleEncryptedFields, lifecycleEventTypes } from './lifecycle.js';
import { type Moved, moveEventTypes } from './move.js';

/** A profile field as the owner typed it (`fields_attributes`). */
export interface ProfileField {
  name: string;
  value: string;
}

/** The owner-editable profile and preferences (update_credentials). Absent = unchanged. */
export interface ProfileChanges {
  displayName?: string | null;
  /** Raw bio as typed; rendered to HTML by the read model. */
  note?: string;
  locked?: boolean;
  bot?: boolean;
  discoverable?: boolean;
  fields?: ProfileField[];
  hideFollowers?: boolean;
  hideFollows?: boolean;
  hideFollowersCount?: boolean;
  hideFollowsCount?: boolean;
  hideFavorites?: boolean;
  showRole?: boolean;
  noRichText?: boolean;
  skipThreadContainment?: boolean;
  allowFollowingMove?: boolean;
  acceptsChatMessages?: boolean;
  /** Default post visibility (`source.privacy`). */
  privacy?: 'public' | 'unlisted' | 'private' | 'direct';
  avatarDescription?: string;
  headerDescription?: string;
  /**
   * The custom emoji the name, bio and fields use, found again whenever one of them changes (Pleroma's
   * User.put_emoji). Events from before it was kept have none.
   */
  emojis?: CustomEmojiRef[];
}

export type Profile = Required<ProfileChanges>;

export interface AccountRegisteredData {
  accountId: string;
  nickname: string;
  /** Sealed with the account's key (src/crypto); null when registered without an address. */
  email: string | null;
  /** Blind index of the address (KeyRing.emailIndex), naming its reservation stream. */
  emailIndex: string | null;
  /** The argon2id hash, itself sealed with the account's key. */
  passwordHash: string;
  confirmed: boolean;
  approved: boolean;
  locked: boolean;
  displayName: string | null;
  note: string;
  locale: string | null;
  /** ISO 8601. */
  registeredAt: string;
}

export type AccountRegistered = DomainEvent<'AccountRegistered', AccountRegisteredData>;
export type ProfileUpdated = DomainEvent<'ProfileUpdated', { accountId: string; changes: ProfileChanges }>;
export type AdminRoleGranted = DomainEvent<'AdminRoleGranted', { accountId: string }>;
/** `apId` is the alias account's ActivityPub id, as kept in `also_known_as`. */
export type AliasAdded = DomainEvent<
  'AliasAdded',
  { accountId: string; aliasAccountId: string; apId: string }
>;
export type AliasRemoved = DomainEvent<
  'AliasRemoved',
  { accountId: string; aliasAccountId: string; apId: string }
>;

export type AccountEvent =
  | AccountRegistered
  | ProfileUpdated
  | AdminRoleGranted
  | AliasAdded
  | AliasRemoved
  | LifecycleEvent
  | ImageEvent
  | Moved;

export const accountEventTypes = [
  'AccountRegistered',
  'ProfileUpdated',
  'AdminRoleGranted',
  'AliasAdded',
  'AliasRemoved',
  ...lifecycleEventTypes,
  ...imageEventTypes,
  ...moveEventTypes,
] as const satisfies readonly AccountEvent['type'][];

/** Uniqueness claims on `nickname-<lowercased nickname>` and `email-<blind index>` streams. */
export type NicknameReserved = DomainEvent<'NicknameReserved', { accountId: string }>;
export type NicknameReleased = DomainEvent<'NicknameReleased', { accountId: string }>;
export type EmailReserved = DomainEvent<'EmailReserved', { accountId: string }>;
export type EmailReleased = DomainEvent<'EmailReleased', { accountId: string }>;

export type ReservationEvent = NicknameReserved | NicknameReleased | EmailReserved | EmailReleased;

/** Fields whose values are sealed with the account's key: redacted in audits, null once shredded. */
export const encryptedFields = {
  AccountRegistered: ['email', 'passwordHash'],
  ...lifecycleEncryptedFields,
} as const satisfies Partial<Record<AccountEvent['type'], readonly string[]>>;

export const accountStream = (accountId: string) => `account-${accountId}`;
export const nicknameStream = (nickname: string) => `nickname-${nickname.toLowerCase()}`;
export const emailStream = (emailIndex: string) => `email-${emailIndex}`;

import { assertNever } from '../shared/errors.js';
import type { AccountEvent, Profile } from './events.js';
import { evolveImages, noProfileImages, type ProfileImages } from './images.js';
import { type DeletedAccount, evolveLifecycle } from './lifecycle.js';

export interface Alias {
  accountId: string;
  apId: string;
}

export interface RegisteredAccount {
  status: 'registered';
  id: string;
  nickname: string;
  registeredAt: string;
  confirmed: boolean;
  approved: boolean;
  admin: boolean;
  emailIndex: string | null;
  profile: Profile;
  aliases: Alias[];
  /** §1.8: disabled by its owner; it can no longer log in. */
  disabled: boolean;
  /** SHA-256 of the confirmation tokens mailed and not yet used (lifecycle.ts). */
  confirmationTokenHashes: string[];
  /** The settings store (§5.7): app name → its object as sealed JSON. */
  settings: Record<string, string>;
  /** Avatar, header and background (images.ts). */
  images: ProfileImages;
}

export type AccountState = { status: 'unregistered' } | RegisteredAccount | DeletedAccount;

export const initialAccountState: AccountState = { status: 'unregistered' };

/** Pleroma's defaults for a new local user. */
export const defaultProfile: Profile = {
  displayName: null,
  note: '',
  locked: false,
  bot: false,
  discoverable: false,
  fields: [],
  emojis: [],
  hideFollowers: false,
  hideFollows: false,
  hideFollowersCount: false,
  hideFollowsCount: false,
  hideFavorites: true,
  showRole: true,
  noRichText: false,
  skipThreadContainment: false,
  allowFollowingMove: true,
  acceptsChatMessages: true,
  privacy: 'public',
  avatarDescription: '',
  headerDescription: '',
};

function registered(state: AccountState, event: AccountEvent): RegisteredAccount {
  if (state.status !== 'registered') throw new Error(`${event.type} before AccountRegistered`);
  return state;
}

export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountRegistered': {
      const data = event.data;
      return {
        status: 'registered',
        id: data.accountId,
        nickname: data.nickname,
        registeredAt: data.registeredAt,
        confirmed: data.confirmed,
        approved: data.approved,
        admin: false,
        emailIndex: data.emailIndex,
        profile: { ...defaultProfile, displayName: data.displayName, note: data.note, locked: data.locked },
        aliases: [],
        disabled: false,
        confirmationTokenHashes: [],
        settings: {},
        images: noProfileImages,
      };
    }
    case 'ProfileUpdated': {
      const account = registered(state, event);
      return { ...account, profile: { ...account.profile, ...event.data.changes } };
    }
    case 'AdminRoleGranted':
      return { ...registered(state, event), admin: true };
    case 'AliasAdded': {
      const account = registered(state, event);
      const { aliasAccountId, apId } = event.data;
      return { ...account, aliases: [...account.aliases, { accountId: aliasAccountId, apId }] };
    }
    case 'AliasRemoved': {
      const account = registered(state, event);
      return {
        ...account,
        aliases: account.aliases.filter((a) => a.accountId !== event.data.aliasAccountId),
      };
    }
    case 'PasswordChanged':
    case 'EmailChanged':
    case 'ConfirmationRequested':
    case 'AccountConfirmed':
    case 'AccountDisabled':
    case 'AccountDeleted':
    case 'SettingsUpdated':
      return evolveLifecycle(registered(state, event), event);
    case 'ProfileImagesChanged':
    case 'MascotChanged':
      return evolveImages(registered(state, event), event);
    case 'Moved':
      return registered(state, event); // no rule reads it: the relationships read model keeps `moved`
    default:
      return assertNever(event);
  }
}

import type { ProfileChanges } from './events.js';
import type { ImageCommand, ProfileImageChanges } from './images.js';
import type { LifecycleCommand } from './lifecycle.js';
import type { MoveAccount } from './move.js';

/** Secrets arrive already sealed: the decider stays pure and never sees a plaintext address or password. */
export interface RegisterAccount {
  type: 'RegisterAccount';
  accountId: string;
  nickname: string;
  email: string | null;
  emailIndex: string | null;
  passwordHash: string;
  confirmed: boolean;
  approved: boolean;
  displayName: string | null;
  note: string;
  locale: string | null;
  now: Date;
}

export interface UpdateProfile {
  type: 'UpdateProfile';
  changes: ProfileChanges;
  /** update_credentials' avatar/header/background, recorded in the same append as the profile. */
  images?: ProfileImageChanges;
}

export interface GrantAdminRole {
  type: 'GrantAdminRole';
}

export interface AddAlias {
  type: 'AddAlias';
  aliasAccountId: string;
  apId: string;
}

export interface RemoveAlias {
  type: 'RemoveAlias';
  aliasAccountId: string;
}

export type AccountCommand =
  | RegisterAccount
  | UpdateProfile
  | GrantAdminRole
  | AddAlias
  | RemoveAlias
  | LifecycleCommand
  | ImageCommand
  | MoveAccount;

export interface Reserve {
  type: 'Reserve';
  accountId: string;
}

export interface Release {
  type: 'Release';
  accountId: string;
}

export type ReservationCommand = Reserve | Release;

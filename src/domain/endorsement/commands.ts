/** What needs a read model (whether the endorser follows the target, its nickname) arrives on the command. */
export interface Endorse {
  type: 'Endorse';
  endorserId: string;
  targetId: string;
  targetNickname: string;
  following: boolean;
  /** MAX_ENDORSED_USERS (Pleroma's `max_endorsed_users`); 0 turns endorsing off. */
  max: number;
}

export interface Unendorse {
  type: 'Unendorse';
  endorserId: string;
  targetId: string;
}

export type EndorsementCommand = Endorse | Unendorse;

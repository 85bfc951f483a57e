/** What needs a read model (the status's author and visibility, the pins of live statuses) arrives on the command. */
export interface PinStatus {
  type: 'PinStatus';
  accountId: string;
  statusId: string;
  ownStatus: boolean;
  /** Public or unlisted (Pleroma's Visibility.public?: addressed to the public collection). */
  publicStatus: boolean;
  /** The account's pinned statuses that still exist (a deleted one frees its place). */
  pinnedCount: number;
  /** MAX_PINNED_STATUSES (Pleroma's `max_pinned_statuses`). */
  max: number;
}

export interface UnpinStatus {
  type: 'UnpinStatus';
  accountId: string;
  statusId: string;
}

export type PinCommand = PinStatus | UnpinStatus;

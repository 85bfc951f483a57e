export interface FavouriteStatus {
  type: 'FavouriteStatus';
  accountId: string;
  statusId: string;
  /** A new time-ordered id, used only if this favourite is new. */
  favouriteId: string;
}

export interface UnfavouriteStatus {
  type: 'UnfavouriteStatus';
  accountId: string;
  statusId: string;
}

export type FavouriteCommand = FavouriteStatus | UnfavouriteStatus;

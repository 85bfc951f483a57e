export interface BookmarkStatus {
  type: 'BookmarkStatus';
  accountId: string;
  statusId: string;
  /** A new time-ordered id, used only if this bookmark is new. */
  bookmarkId: string;
}

export interface UnbookmarkStatus {
  type: 'UnbookmarkStatus';
  accountId: string;
  statusId: string;
}

export type BookmarkCommand = BookmarkStatus | UnbookmarkStatus;

/** Mastodon's Relationship entity as Pleroma renders it (spec §12.2), keys in Pleroma's order. */
export interface Relationship {
  id: string;
  following: boolean;
  followed_by: boolean;
  blocking: boolean;
  blocked_by: boolean;
  muting: boolean;
  muting_notifications: boolean;
  subscribing: boolean;
  notifying: boolean;
  requested: boolean;
  domain_blocking: boolean;
  showing_reblogs: boolean;
  endorsed: boolean;
  note: string;
}

import type { Mention, Visibility } from './events.js';

/** What the visibility rule looks at. */
export interface VisibilityFacts {
  accountId: string;
  visibility: Visibility;
  mentions: readonly Pick<Mention, 'accountId'>[];
}

/** What is known about the viewer's relation to the author (follows arrive with issue 4). */
export interface ViewerRelation {
  followsAuthor?: boolean;
}

/**
 * Pleroma's Visibility.visible_for_user? for local statuses: public and unlisted are for everyone; private
 * for the author, the addressed and the author's followers; direct for the author and the addressed.
 * The SQL twin of this rule is `visibleTo` in projections/statuses/queries.ts: change both together.
 */
export function isVisibleTo(
  status: VisibilityFacts,
  viewerId: string | null,
  relation: ViewerRelation = {},
): boolean {
  if (status.visibility === 'public' || status.visibility === 'unlisted') return true;
  if (viewerId === null) return false;
  if (status.accountId === viewerId) return true;
  if (status.mentions.some((mention) => mention.accountId === viewerId)) return true;
  return status.visibility === 'private' && relation.followsAuthor === true;
}

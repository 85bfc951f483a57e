/**
 * The one list of Pleroma feature flags we announce, in /api/v1/instance (`pleroma.metadata.features`) and
 * nodeinfo (`metadata.features`). Pleroma-FE, Soapbox and other clients switch UI on these strings, so a
 * flag belongs here only once its endpoints exist. Add to it as areas land:
 * - "polls", "multifetch", "editing", "mastodon_api_streaming" when their Mastodon endpoints do.
 */
export const FEATURES: readonly string[] = [
  'pleroma_api',
  'mastodon_api',
  'pleroma_emoji_reactions',
  'exposable_reactions',
  'shareable_emoji_packs',
  'pleroma:api/v1/notifications:include_types_filter',
];

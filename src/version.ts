import pkg from '../package.json' with { type: 'json' };

/** This program's own version, from package.json. */
export const ANNALS_VERSION: string = pkg.version;

/** The Mastodon API level Pleroma declares in `/api/v1/instance` (InstanceView's @mastodon_api_level). */
export const MASTODON_API_LEVEL = '2.7.2';

/** The Pleroma release whose API Annals implements (the spec was written from Pleroma ~2.7). */
export const PLEROMA_API_VERSION = '2.7.0';

/**
 * The version we report as "Pleroma": the Pleroma API version with Annals in the semver build metadata, so
 * clients that compare Pleroma versions see 2.7.0 while anyone reading it learns what actually runs.
 */
export const PLEROMA_COMPATIBLE_VERSION = `${PLEROMA_API_VERSION}+annals-${ANNALS_VERSION}`;

import type { Config } from '../../config.js';
import { ANNALS_VERSION, PLEROMA_COMPATIBLE_VERSION } from '../../version.js';
import { FEATURES } from '../instance/features.js';
import { instanceLimits, POST_FORMATS } from '../instance/limits.js';
import type { InstanceStats } from '../instance/stats.js';
import { federation } from './instance.js';

export const NODEINFO_VERSIONS = ['2.0', '2.1'] as const;
export type NodeinfoVersion = (typeof NODEINFO_VERSIONS)[number];

export const nodeinfoSchema = (version: NodeinfoVersion) =>
  `http://nodeinfo.diaspora.software/ns/schema/${version}`;

/** GET /.well-known/nodeinfo: where each schema version lives (Pleroma's NodeinfoController.schemas). */
export function renderNodeinfoLinks(config: Config) {
  return {
    links: NODEINFO_VERSIONS.map((version) => ({
      rel: nodeinfoSchema(version),
      href: `${config.PUBLIC_URL}/nodeinfo/${version}.json`,
    })),
  };
}

/**
 * Pleroma's Nodeinfo.get_nodeinfo/1. `software.name` is "pleroma" because clients (megalodon's detector,
 * Pleroma-FE, Soapbox) choose their Pleroma code path by that name and Annals implements that API; the
 * version says what really runs ("2.7.0+annals-0.1.0", semver build metadata), as does
 * `metadata.implementation`.
 */
export function renderNodeinfo(version: NodeinfoVersion, config: Config, stats: InstanceStats) {
  const limits = instanceLimits(config);
  return {
    version,
    software: { name: 'pleroma', version: PLEROMA_COMPATIBLE_VERSION },
    protocols: ['activitypub'],
    services: { inbound: [], outbound: [] },
    openRegistrations: config.REGISTRATIONS_OPEN,
    usage: {
      users: { total: stats.userCount, activeMonth: stats.activeMonth, activeHalfyear: stats.activeHalfyear },
      localPosts: stats.statusCount,
    },
    metadata: {
      nodeName: config.INSTANCE_NAME,
      nodeDescription: config.INSTANCE_DESCRIPTION,
      implementation: { name: 'annals', version: ANNALS_VERSION },
      private: false,
      suggestions: { enabled: false },
      staffAccounts: [],
      federation: federation(),
      pollLimits: { ...limits.polls },
      postFormats: [...POST_FORMATS],
      uploadLimits: {
        general: limits.upload,
        avatar: limits.avatarUpload,
        banner: limits.bannerUpload,
        background: limits.backgroundUpload,
      },
      fieldsLimits: {
        maxFields: limits.fields.max_fields,
        maxRemoteFields: limits.fields.max_remote_fields,
        nameLength: limits.fields.name_length,
        valueLength: limits.fields.value_length,
      },
      accountActivationRequired: config.ACCOUNT_ACTIVATION_REQUIRED,
      invitesEnabled: false,
      mailerEnabled: false,
      features: [...FEATURES],
      restrictedNicknames: [],
      skipThreadContainment: true,
    },
  };
}

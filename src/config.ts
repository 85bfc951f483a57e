import { z } from 'zod';

/** Environment variables that are booleans accept true/false/1/0/yes/no. */
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

const eventStoreUrl = z
  .string()
  .regex(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent):\/\//, {
    message: 'must start with esdb:// or kurrentdb://',
  })
  .optional();

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url({ message: 'must be an absolute URL' }).optional(),
  DATABASE_URL: z.url({ message: 'must be a postgres:// URL' }).optional(),
  EVENTSTORE_URL: eventStoreUrl,
  DATA_DIR: z.string().min(1).default('./var'),
  MASTER_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hex characters (32 bytes)' })
    .optional(),
  REGISTRATIONS_OPEN: bool(true),
  ACCOUNT_ACTIVATION_REQUIRED: bool(false),
  CAPTCHA_ENABLED: bool(true),
  /** Mail goes out over SMTP when set (smtp:// or smtps://, credentials in the URL); else to DATA_DIR/mail. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'must start with smtp:// or smtps://' })
    .optional(),
  /** The From address of outgoing mail; defaults to ADMIN_EMAIL, then no-reply@<LOCAL_DOMAIN host>. */
  MAIL_FROM: z.string().optional(),
  HEALTHCHECK: bool(true),
  /** Pleroma's `[:instance, :show_reactions]`: when false, reaction lists and favourited_by answer []. */
  SHOW_REACTIONS: bool(true),
  INSTANCE_NAME: z.string().min(1).default('Annals'),
  INSTANCE_DESCRIPTION: z.string().default('An event-sourced server that speaks the Pleroma API'),
  ADMIN_EMAIL: z.string().default(''),
  /** Longest status text, in characters (Pleroma's `[:instance, :limit]`). */
  CHARACTER_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  MAX_ENDORSED_USERS: z.coerce.number().int().min(0).max(1000).default(4),
  MAX_PINNED_STATUSES: z.coerce.number().int().min(0).max(1000).default(1),
  DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  PROJECTION_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(5_000),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, { message: 'must look like 100kb or 1mb' })
    .default('1mb'),
  /** Largest media upload in bytes (Pleroma's `[:instance, :upload_limit]`), announced in /api/v1/instance. */
  UPLOAD_LIMIT: z.coerce.number().int().min(1024).max(1_000_000_000).default(16_000_000),
  /**
   * Outbound fetches (remote emoji packs, `fallback-src`, emoji file URLs) may reach private, loopback and
   * link-local addresses. Off in production: on, they could probe the server's own network (SSRF).
   */
  ALLOW_LOCAL_FETCH: bool(false),
  /** Largest emoji pack archive, in bytes: downloaded, uploaded, or unpacked (all entries together). */
  EMOJI_PACK_LIMIT: z.coerce.number().int().min(1024).max(2_000_000_000).default(100_000_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<
  Omit<z.infer<typeof schema>, 'PUBLIC_URL'> & {
    PUBLIC_URL: string;
    /** Host (with port when not default) used in full nicknames: `nick@host`. */
    LOCAL_DOMAIN: string;
  }
>;

export class ConfigError extends Error {}

/** Parses the environment once; a bad value names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const publicUrl = (parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`).replace(/\/+$/, '');
  return Object.freeze({ ...parsed.data, PUBLIC_URL: publicUrl, LOCAL_DOMAIN: new URL(publicUrl).host });
}

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const messageOf = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('uses the documented defaults when the environment is empty', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 4000,
      HOST: '0.0.0.0',
      PUBLIC_URL: 'http://localhost:4000',
      LOCAL_DOMAIN: 'localhost:4000',
      DATA_DIR: './var',
      REGISTRATIONS_OPEN: true,
      ACCOUNT_ACTIVATION_REQUIRED: false,
      CAPTCHA_ENABLED: true,
      HEALTHCHECK: true,
      CHARACTER_LIMIT: 5000,
      MAX_ENDORSED_USERS: 4,
      MAX_PINNED_STATUSES: 1,
      BODY_LIMIT: '1mb',
      UPLOAD_LIMIT: 16_000_000,
      ALLOW_LOCAL_FETCH: false,
      EMOJI_PACK_LIMIT: 100_000_000,
      LOG_LEVEL: 'info',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.EVENTSTORE_URL).toBeUndefined();
  });

  it('derives PUBLIC_URL from PORT and drops a trailing slash from an explicit one', () => {
    expect(loadConfig({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    const config = loadConfig({ PUBLIC_URL: 'https://social.example/' });
    expect(config.PUBLIC_URL).toBe('https://social.example');
    expect(config.LOCAL_DOMAIN).toBe('social.example');
  });

  it('reads booleans written as true/false, 1/0 or yes/no', () => {
    expect(loadConfig({ HEALTHCHECK: 'false' }).HEALTHCHECK).toBe(false);
    expect(loadConfig({ REGISTRATIONS_OPEN: '0' }).REGISTRATIONS_OPEN).toBe(false);
    expect(loadConfig({ ACCOUNT_ACTIVATION_REQUIRED: 'yes' }).ACCOUNT_ACTIVATION_REQUIRED).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(4000);
  });

  it('names the variable when PORT is not a number', () => {
    expect(messageOf({ PORT: 'abc' })).toContain('PORT');
  });

  it('names every bad variable at once', () => {
    const message = messageOf({ HEALTHCHECK: 'maybe', CHARACTER_LIMIT: '-1', EVENTSTORE_URL: 'http://x' });
    expect(message).toContain('HEALTHCHECK');
    expect(message).toContain('CHARACTER_LIMIT');
    expect(message).toContain('EVENTSTORE_URL');
  });

  it('accepts the KurrentDB and EventStoreDB URL schemes', () => {
    expect(loadConfig({ EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' }).EVENTSTORE_URL).toBe(
      'esdb://localhost:2113?tls=false',
    );
    expect(
      loadConfig({ EVENTSTORE_URL: 'kurrentdb://kurrentdb:2113?tls=false' }).EVENTSTORE_URL,
    ).toBeDefined();
  });

  it('rejects a MASTER_KEY that is not 32 bytes of hex', () => {
    expect(messageOf({ MASTER_KEY: 'abcd' })).toContain('MASTER_KEY');
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/api/http/rateLimit.js';
import { createMailer, mailFrom } from '../../src/mail/mailer.js';
import { confirmationMail } from '../../src/mail/templates.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('file mailer', () => {
  it('writes each message as an .eml file and logs its path, never its body', async () => {
    dir = await mkdtemp(join(tmpdir(), 'annals-mail-'));
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const config = { DATA_DIR: dir, LOCAL_DOMAIN: 'example.org', ADMIN_EMAIL: '', SMTP_URL: undefined };
    const mailer = createMailer(config, logger);
    const link = 'https://example.org/api/account/confirm_email/1/secret-token';
    await mailer.send(confirmationMail('alice@example.net', 'Annals', link));

    const files = await readdir(join(dir, 'mail'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const eml = await readFile(join(dir, 'mail', files[0]!), 'utf8');
    expect(eml).toContain('To: alice@example.net');
    expect(eml).toContain('From: no-reply@example.org');
    expect(eml).toContain('Subject: Annals account confirmation');
    expect(eml).toContain('secret-token');
    const log = JSON.parse(lines.at(-1)!);
    expect(log).toMatchObject({ msg: 'mail written to file', path: join(dir, 'mail', files[0]!) });
    expect(lines.join('')).not.toContain('secret-token');
  });

  it('sends from MAIL_FROM, else ADMIN_EMAIL, else no-reply at the host', () => {
    expect(mailFrom({ MAIL_FROM: 'a@x', ADMIN_EMAIL: 'b@x', LOCAL_DOMAIN: 'h:4000' })).toBe('a@x');
    expect(mailFrom({ ADMIN_EMAIL: 'b@x', LOCAL_DOMAIN: 'h:4000' })).toBe('b@x');
    expect(mailFrom({ ADMIN_EMAIL: '', LOCAL_DOMAIN: 'h:4000' })).toBe('no-reply@h');
  });
});

describe('rate limiter', () => {
  it('allows the limit per window and key, then answers 429 Throttled', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 1000 });
    limiter.hit(['a'], 0);
    limiter.hit(['a', 'b'], 10);
    expect(() => limiter.hit(['a'], 20)).toThrow(
      expect.objectContaining({ status: 429, message: 'Throttled' }),
    );
    expect(() => limiter.hit(['c', 'b'], 20)).not.toThrow();
    expect(() => limiter.hit(['b'], 30)).toThrow();
    expect(() => limiter.hit(['a'], 1000)).not.toThrow();
  });

  it('does not count a refused hit against the other keys', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000 });
    limiter.hit(['ip'], 0);
    expect(() => limiter.hit(['ip', 'target'], 1)).toThrow();
    expect(() => limiter.hit(['target'], 2)).not.toThrow();
  });
});

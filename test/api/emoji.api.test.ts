import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmojiRegistry } from '../../src/emoji/registry.js';
import { createTestApp, FIXTURE_EMOJI, type TestApp } from '../helpers/app.js';

let t: TestApp;
const base = 'http://localhost:4000';

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/pleroma/emoji (§1.1)', () => {
  it('lists every pack emoji by shortcode with its image path and tags, without auth', async () => {
    const res = await request(t.app).get('/api/v1/pleroma/emoji');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      blobcat: { image_url: '/emoji/blobs/cats/blobcat.png', tags: ['pack:blobs'] },
      blobfox: { image_url: '/emoji/blobs/blobfox.png', tags: ['pack:blobs'] },
      firefox: { image_url: '/emoji/plain/firefox.png', tags: ['Custom'] },
      happy: { image_url: '/emoji/listed/happy.png', tags: ['Fun', 'Faces'] },
      sad: { image_url: '/emoji/listed/sad.png', tags: ['Custom'] },
    });
  });

  it('answers under the legacy /api/pleroma path too, ignoring bad credentials', async () => {
    const res = await request(t.app).get('/api/pleroma/emoji').set('Authorization', 'Bearer nonsense');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toHaveLength(5);
  });
});

describe('GET /api/v1/custom_emojis', () => {
  it('renders Mastodon custom emoji with absolute URLs, sorted by shortcode, category from the pack tag', async () => {
    const res = await request(t.app).get('/api/v1/custom_emojis');
    expect(res.status).toBe(200);
    expect(res.body.map((e: { shortcode: string }) => e.shortcode)).toEqual([
      'blobcat',
      'blobfox',
      'firefox',
      'happy',
      'sad',
    ]);
    expect(res.body[1]).toEqual({
      shortcode: 'blobfox',
      url: `${base}/emoji/blobs/blobfox.png`,
      static_url: `${base}/emoji/blobs/blobfox.png`,
      visible_in_picker: true,
      tags: ['pack:blobs'],
      category: 'pack:blobs',
    });
    expect(res.body[2].category).toBe('');
    expect(res.body[3].category).toBe('Fun,Faces');
  });
});

describe('GET /emoji/<pack>/<file>', () => {
  it('serves the pack images', async () => {
    const res = await request(t.app).get('/emoji/blobs/cats/blobcat.png');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.body.subarray(1, 4).toString()).toBe('PNG');
  });

  it.each([
    '/emoji/blobs/nothing.png',
    '/emoji/../package.json',
    '/emoji/%2e%2e/%2e%2e/package.json',
    '/emoji/blobs/..%2f..%2f..%2fpackage.json',
    '/emoji/blobs/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
    '/emoji/',
  ])('never serves anything outside the packs: %s', async (path) => {
    const res = await request(t.app).get(path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.stringify(res.body)).not.toContain('annals');
  });
});

describe('the emoji registry', () => {
  it('skips pack.json entries that point outside their pack, and files lying directly in the folder', () => {
    const shortcodes = t.deps.emoji.all().map((e) => e.shortcode);
    expect(shortcodes).not.toContain('escapee');
    expect(shortcodes).not.toContain('README');
  });

  it('sees packs added or removed at runtime after reload()', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'annals-emoji-'));
    try {
      const registry = await createEmojiRegistry(directory);
      expect(registry.all()).toEqual([]);
      await mkdir(join(directory, 'fresh'));
      await cp(join(FIXTURE_EMOJI, 'plain', 'firefox.png'), join(directory, 'fresh', 'new_one.png'));
      await writeFile(join(directory, 'fresh', 'notes.txt'), 'not an image');
      await registry.reload();
      expect(registry.get('new_one')).toEqual({
        shortcode: 'new_one',
        path: '/emoji/fresh/new_one.png',
        tags: ['Custom'],
        pack: 'fresh',
      });
      expect(registry.all()).toHaveLength(1);
      await rm(join(directory, 'fresh'), { recursive: true });
      await registry.reload();
      expect(registry.get('new_one')).toBeUndefined();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('loads nothing, without failing, when the folder does not exist', async () => {
    const registry = await createEmojiRegistry(join(tmpdir(), 'annals-no-such-emoji-folder'));
    expect(registry.all()).toEqual([]);
  });

  it('skips a pack whose pack.json is broken and keeps the others', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'annals-emoji-'));
    try {
      await mkdir(join(directory, 'broken'));
      await writeFile(join(directory, 'broken', 'pack.json'), '{ not json');
      await cp(join(FIXTURE_EMOJI, 'plain'), join(directory, 'plain'), { recursive: true });
      const warnings: object[] = [];
      const registry = await createEmojiRegistry(directory, { warn: (object) => warnings.push(object) });
      expect(registry.all().map((e) => e.shortcode)).toEqual(['firefox']);
      expect(warnings).toHaveLength(1);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

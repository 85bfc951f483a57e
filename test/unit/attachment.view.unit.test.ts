import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/api/entities/account.js';
import { DEFAULT_MASCOT, renderAttachment } from '../../src/api/views/attachment.js';
import { renderScrobble } from '../../src/api/views/scrobble.js';

const url = 'http://localhost:4000/media/0b9b.png';

describe('the Attachment view (§12.5)', () => {
  it('renders an image with its size, in Pleroma’s shape', () => {
    const media = { id: '42', url, mimeType: 'image/png', width: 300, height: 200, description: 'a cat' };
    expect(JSON.stringify(renderAttachment(media))).toBe(
      JSON.stringify({
        id: '42',
        url,
        remote_url: url,
        preview_url: url,
        text_url: url,
        type: 'image',
        description: 'a cat',
        pleroma: { mime_type: 'image/png' },
        blurhash: null,
        meta: { original: { width: 300, height: 200, aspect: 1.5 } },
      }),
    );
  });

  it('renders other files without meta, typed from their MIME type', () => {
    const base = { id: '7', url, width: null, height: null, description: null };
    expect(renderAttachment({ ...base, mimeType: 'video/mp4' })).toEqual({
      id: '7',
      url,
      remote_url: url,
      preview_url: url,
      text_url: url,
      type: 'video',
      description: null,
      pleroma: { mime_type: 'video/mp4' },
      blurhash: null,
    });
    expect(renderAttachment({ ...base, mimeType: 'application/octet-stream' }).type).toBe('unknown');
    expect(renderAttachment({ ...base, mimeType: 'audio/mpeg' }).type).toBe('audio');
  });

  it('keeps Pleroma’s default mascot exactly, without a type', () => {
    expect(DEFAULT_MASCOT).toEqual({
      id: 'default-mascot',
      url: '/images/pleroma-fox-tan-smol.png',
      preview_url: '/images/pleroma-fox-tan-smol.png',
      pleroma: { mime_type: 'image/png' },
    });
  });
});

describe('the scrobble view (§8)', () => {
  it('strips tags from the text fields and renders absent ones as empty strings', () => {
    const account = { id: '1', username: 'alice' } as Account;
    const listen = {
      id: '9',
      accountId: '1',
      title: '<b>lain</b> radio',
      artist: null,
      album: 'wired <script>x</script>',
      length: 180000,
      externalLink: null,
      visibility: 'public' as const,
      createdAt: new Date('2024-05-01T10:00:00.456Z'),
    };
    expect(JSON.stringify(renderScrobble(listen, account))).toBe(
      JSON.stringify({
        id: '9',
        account,
        title: 'lain radio',
        artist: '',
        album: 'wired x',
        externalLink: null,
        length: 180000,
        created_at: '2024-05-01T10:00:00.000Z',
      }),
    );
  });
});

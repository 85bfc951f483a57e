import { describe, expect, it } from 'vitest';
import { decodeImageDataUri } from '../../src/media/dataUri.js';
import { inspectFile } from '../../src/media/inspect.js';
import { attachmentType, mediaTypeOfKey } from '../../src/media/types.js';
import * as fixtures from '../fixtures/media/images.js';

type Expected =
  | { mime: string; kind: string; width: number | null; height: number | null }
  | { error: string };

const DAMAGED = 'The image could not be read: it is damaged or incomplete';
const cases: [string, () => Buffer, Expected][] = [
  ['a PNG', () => fixtures.png(3, 2), { mime: 'image/png', kind: 'image', width: 3, height: 2 }],
  ['a JPEG', fixtures.jpeg, { mime: 'image/jpeg', kind: 'image', width: 16, height: 8 }],
  ['a GIF', fixtures.gif, { mime: 'image/gif', kind: 'image', width: 2, height: 1 }],
  ['a PNG cut short', fixtures.truncatedPng, { error: DAMAGED }],
  ['a PNG header followed by garbage chunks', fixtures.pngHeaderThenGarbageChunks, { error: DAMAGED }],
  ['a GIF without its trailer', () => fixtures.gif().subarray(0, -1), { error: DAMAGED }],
  ['a GIF cut in its image data', () => fixtures.gif().subarray(0, 28), { error: DAMAGED }],
  ['a JPEG without its end marker', () => fixtures.jpeg().subarray(0, -2), { error: DAMAGED }],
  ['a PNG with a wrong checksum', () => corruptLastByte(fixtures.png(2, 2)), { error: DAMAGED }],
  [
    'the PNG signature followed by text',
    fixtures.pngHeaderThenGarbage,
    { mime: 'application/octet-stream', kind: 'unknown', width: null, height: null },
  ],
  [
    'a text file',
    fixtures.text,
    { mime: 'application/octet-stream', kind: 'unknown', width: null, height: null },
  ],
  [
    'an SVG with a script',
    fixtures.svg,
    { mime: 'application/octet-stream', kind: 'unknown', width: null, height: null },
  ],
  ['an empty file', () => Buffer.alloc(0), { error: 'The file is empty' }],
];

function corruptLastByte(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy[copy.length - 1] = copy[copy.length - 1]! ^ 0xff;
  return copy;
}

describe('deciding what an upload is from its bytes', () => {
  for (const [name, bytes, expected] of cases) {
    it(`${name} is ${'error' in expected ? `refused: ${expected.error}` : `${expected.mime}`}`, async () => {
      if ('error' in expected) {
        await expect(inspectFile(bytes())).rejects.toMatchObject({ status: 422, message: expected.error });
        return;
      }
      const file = await inspectFile(bytes());
      expect({ mime: file.type.mime, kind: file.type.kind, width: file.width, height: file.height }).toEqual(
        expected,
      );
    });
  }

  it('stores each type under an extension that maps back to it, anything else as a download', () => {
    expect(mediaTypeOfKey('a.png').mime).toBe('image/png');
    expect(mediaTypeOfKey('a.jpg').mime).toBe('image/jpeg');
    expect(mediaTypeOfKey('a.svg')).toMatchObject({ mime: 'application/octet-stream', kind: 'unknown' });
    expect(mediaTypeOfKey('a.html').mime).toBe('application/octet-stream');
    expect(mediaTypeOfKey('noextension').mime).toBe('application/octet-stream');
  });

  it('types attachments from the MIME type as Pleroma does', () => {
    expect(['image/png', 'video/webm', 'audio/ogg', 'application/pdf'].map(attachmentType)).toEqual([
      'image',
      'video',
      'audio',
      'unknown',
    ]);
  });
});

describe('data: URIs of the historical picture routes', () => {
  it('decodes an image data URI, whatever type it claims', () => {
    const bytes = fixtures.png(1, 1);
    expect(decodeImageDataUri(`data:image/jpeg;base64,${bytes.toString('base64')}`)).toEqual(bytes);
  });

  it('answers nothing for other URIs and text', () => {
    expect(decodeImageDataUri('data:text/html;base64,PHA+')).toBeUndefined();
    expect(decodeImageDataUri('https://example.com/a.png')).toBeUndefined();
    expect(decodeImageDataUri('data:image/png;base64,not base64!')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import {
  type EmojiPackCommand,
  type EmojiPackEvent,
  emojiPackDecider,
} from '../../src/domain/emojiPack/index.js';
import { fold } from '../../src/domain/shared/decider.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';
import { onDisk, png } from '../helpers/emojiPackDecider.js';

// Packs: creating, updating, deleting, importing and downloading them; their emoji are in
// emojiPack.emoji.unit.test.ts.
const created: EmojiPackEvent = { type: 'EmojiPackCreated', data: { pack: 'p' } };

const cases: DeciderCase<EmojiPackCommand, EmojiPackEvent>[] = [
  {
    name: 'a pack is created when no folder has its name',
    given: [],
    when: { type: 'CreatePack', pack: 'p', folderExists: false },
    expected: [created],
  },
  {
    name: 'creating over an existing folder is 409 with Pleroma’s text',
    given: [],
    when: { type: 'CreatePack', pack: 'p', folderExists: true },
    error: { status: 409, message: 'A pack named "p" already exists' },
  },
  {
    name: 'new metadata replaces the pack section',
    given: [created],
    when: { type: 'UpdatePackMetadata', pack: 'p', onDisk, metadata: { license: 'MIT' } },
    expected: [{ type: 'EmojiPackUpdated', data: { pack: 'p', metadata: { license: 'MIT' } } }],
  },
  {
    name: 'the same metadata again appends nothing',
    given: [],
    when: { type: 'UpdatePackMetadata', pack: 'p', onDisk, metadata: { license: 'CC0' } },
    expected: [],
  },
  {
    name: 'updating a pack that is not on disk is 404',
    given: [created],
    when: { type: 'UpdatePackMetadata', pack: 'p', onDisk: null, metadata: {} },
    error: { status: 404, message: 'Pack p does not exist' },
  },
  {
    name: 'a pack on disk is deleted',
    given: [],
    when: { type: 'DeletePack', pack: 'p', folderExists: true },
    expected: [{ type: 'EmojiPackDeleted', data: { pack: 'p' } }],
  },
  {
    name: 'deleting a missing pack is 404',
    given: [created, { type: 'EmojiPackDeleted', data: { pack: 'p' } }],
    when: { type: 'DeletePack', pack: 'p', folderExists: false },
    error: { status: 404, message: 'Pack p does not exist' },
  },
  {
    name: 'a folder without pack.json is imported with its files',
    given: [],
    when: { type: 'ImportPack', pack: 'p', source: 'files', files: { a: 'a.png' }, hasPackJson: false },
    expected: [{ type: 'EmojiPackImported', data: { pack: 'p', source: 'files', files: { a: 'a.png' } } }],
  },
  {
    name: 'a folder with a pack.json is not imported again',
    given: [],
    when: { type: 'ImportPack', pack: 'p', source: 'files', files: {}, hasPackJson: true },
    expected: [],
  },
  ...downloadCases(),
];

function downloadCases(): DeciderCase<EmojiPackCommand, EmojiPackEvent>[] {
  const download = {
    type: 'RecordDownload',
    pack: 'copy',
    folderExists: false,
    url: 'https://remote.example/api/v1/pleroma/emoji/packs/archive?name=p',
    remoteName: 'p',
    archiveSha256: 'AB',
    fallback: false,
    files: { a: 'a.png' },
    metadata: { license: 'CC0' },
  } as const;
  const { type: _, folderExists: __, ...data } = download;
  return [
    {
      name: 'a downloaded pack is recorded with its source',
      given: [],
      when: download,
      expected: [{ type: 'EmojiPackDownloaded', data }],
    },
    {
      name: 'downloading over an existing folder is 409',
      given: [],
      when: { ...download, folderExists: true },
      error: { status: 409, message: 'A pack named "copy" already exists' },
    },
  ];
}

describe('the emoji pack decider', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) =>
    runCase(emojiPackDecider, testCase),
  );
});

describe('the emoji pack state', () => {
  it('follows files and metadata through the history, and a deletion', () => {
    const events: EmojiPackEvent[] = [
      created,
      { type: 'EmojiAdded', data: { pack: 'p', shortcode: 'a', filename: 'a.png', ...png } },
      { type: 'EmojiAdded', data: { pack: 'p', shortcode: 'b', filename: 'b.png', ...png } },
      {
        type: 'EmojiRenamed',
        data: { pack: 'p', shortcode: 'a', newShortcode: 'c', filename: 'a.png', newFilename: 'c.png' },
      },
      { type: 'EmojiRemoved', data: { pack: 'p', shortcode: 'b', filename: 'b.png' } },
      { type: 'EmojiPackUpdated', data: { pack: 'p', metadata: { license: 'MIT' } } },
    ];
    expect(fold(emojiPackDecider, events)).toEqual({
      status: 'live',
      files: { c: 'c.png' },
      metadata: { license: 'MIT' },
    });
    expect(fold(emojiPackDecider, [...events, { type: 'EmojiPackDeleted', data: { pack: 'p' } }])).toEqual({
      status: 'deleted',
    });
  });
});

import { describe, it } from 'vitest';
import {
  type AccountCommand,
  type AccountEvent,
  accountDecider,
  type Mascot,
  type StoredImage,
} from '../../src/domain/account/index.js';
import {
  DESCRIPTION_LIMIT,
  type MediaCommand,
  type MediaEvent,
  mediaDecider,
} from '../../src/domain/media/index.js';
import { listenDecider, type RecordListen, type ScrobbleEvent } from '../../src/domain/scrobble/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const now = new Date('2024-05-01T10:00:00.000Z');
const upload = {
  mediaId: '10',
  ownerId: 'alice',
  key: 'k.png',
  url: 'http://localhost:4000/media/k.png',
  mimeType: 'image/png',
  size: 100,
  meta: { width: 3, height: 2 },
  description: 'a cat',
  focus: null,
};
const uploaded: MediaEvent = { type: 'MediaUploaded', data: { ...upload, uploadedAt: now.toISOString() } };

const mediaCases: DeciderCase<MediaCommand, MediaEvent>[] = [
  {
    name: 'an upload is recorded with its time',
    given: [],
    when: { type: 'UploadMedia', ...upload, now },
    expected: [uploaded],
  },
  {
    name: 'an id is uploaded to once',
    given: [uploaded],
    when: { type: 'UploadMedia', ...upload, now },
    error: { code: 'media_exists', status: 409 },
  },
  {
    name: 'a description longer than the limit is refused with Pleroma’s error',
    given: [],
    when: { type: 'UploadMedia', ...upload, description: 'x'.repeat(DESCRIPTION_LIMIT + 1), now },
    error: { status: 422, message: 'description_too_long' },
  },
  {
    name: 'the owner changes the description',
    given: [uploaded],
    when: { type: 'UpdateMediaDescription', actorId: 'alice', description: 'a dog' },
    expected: [
      { type: 'MediaDescriptionUpdated', data: { mediaId: '10', ownerId: 'alice', description: 'a dog' } },
    ],
  },
  {
    name: 'the same description again appends nothing',
    given: [uploaded],
    when: { type: 'UpdateMediaDescription', actorId: 'alice', description: 'a cat' },
    expected: [],
  },
  {
    name: 'null clears the description',
    given: [uploaded],
    when: { type: 'UpdateMediaDescription', actorId: 'alice', description: null },
    expected: [
      { type: 'MediaDescriptionUpdated', data: { mediaId: '10', ownerId: 'alice', description: null } },
    ],
  },
  {
    name: 'another account is denied access',
    given: [uploaded],
    when: { type: 'UpdateMediaDescription', actorId: 'bob', description: 'mine now' },
    error: { status: 403, message: 'Access denied' },
  },
  {
    name: 'describing an unknown upload is a 404',
    given: [],
    when: { type: 'UpdateMediaDescription', actorId: 'alice', description: 'x' },
    error: { status: 404, message: 'Record not found' },
  },
];

const listen: Omit<RecordListen, 'type' | 'now'> = {
  listenId: '20',
  accountId: 'alice',
  title: 'lain radio episode 1',
  artist: 'lain',
  album: null,
  length: 180000,
  externalLink: 'https://music.example/lain',
  visibility: 'public',
};
const recorded: ScrobbleEvent = {
  type: 'ListenRecorded',
  data: { ...listen, recordedAt: now.toISOString() },
};

const listenCases: DeciderCase<RecordListen, ScrobbleEvent>[] = [
  {
    name: 'a listen is recorded',
    given: [],
    when: { type: 'RecordListen', ...listen, now },
    expected: [recorded],
  },
  {
    name: 'a listen id is recorded once',
    given: [recorded],
    when: { type: 'RecordListen', ...listen, now },
    error: { code: 'listen_exists', status: 409 },
  },
  {
    name: 'a blank title is refused',
    given: [],
    when: { type: 'RecordListen', ...listen, title: '  ', now },
    error: { status: 400, message: "title can't be blank" },
  },
  {
    name: 'a javascript: link is refused',
    given: [],
    when: { type: 'RecordListen', ...listen, externalLink: 'javascript:alert(1)', now },
    error: { status: 400, message: 'externalLink must be an http or https URL' },
  },
  {
    name: 'an overlong artist is refused',
    given: [],
    when: { type: 'RecordListen', ...listen, artist: 'a'.repeat(1001), now },
    error: { status: 400, message: 'artist is too long' },
  },
];

const registered: AccountEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: '1',
    nickname: 'alice',
    email: null,
    emailIndex: null,
    passwordHash: 'enc:v1:x',
    confirmed: true,
    approved: true,
    locked: false,
    displayName: null,
    note: '',
    locale: null,
    registeredAt: now.toISOString(),
  },
};
const image = (key: string): StoredImage => ({
  key,
  url: `http://localhost:4000/media/${key}`,
  mimeType: 'image/png',
});
const avatarSet: AccountEvent = {
  type: 'ProfileImagesChanged',
  data: { accountId: '1', changes: { avatar: image('a.png') } },
};
const mascot: Mascot = { id: '30', ...image('m.png'), width: 3, height: 2 };

const imageCases: DeciderCase<AccountCommand, AccountEvent>[] = [
  {
    name: 'pictures are set together',
    given: [registered],
    when: { type: 'ChangeProfileImages', changes: { avatar: image('a.png'), header: image('h.png') } },
    expected: [
      {
        type: 'ProfileImagesChanged',
        data: { accountId: '1', changes: { avatar: image('a.png'), header: image('h.png') } },
      },
    ],
  },
  {
    name: 'clearing a picture that is not set appends nothing',
    given: [registered],
    when: { type: 'ChangeProfileImages', changes: { background: null } },
    expected: [],
  },
  {
    name: 'clearing a set picture is recorded',
    given: [registered, avatarSet],
    when: { type: 'ChangeProfileImages', changes: { avatar: null, header: null } },
    expected: [{ type: 'ProfileImagesChanged', data: { accountId: '1', changes: { avatar: null } } }],
  },
  {
    name: 'update_credentials records profile and pictures in one decision',
    given: [registered],
    when: { type: 'UpdateProfile', changes: { note: 'hi' }, images: { avatar: image('b.png') } },
    expected: [
      { type: 'ProfileUpdated', data: { accountId: '1', changes: { note: 'hi' } } },
      { type: 'ProfileImagesChanged', data: { accountId: '1', changes: { avatar: image('b.png') } } },
    ],
  },
  {
    name: 'update_credentials with only pictures records only them',
    given: [registered],
    when: { type: 'UpdateProfile', changes: {}, images: { header: image('h.png') } },
    expected: [
      { type: 'ProfileImagesChanged', data: { accountId: '1', changes: { header: image('h.png') } } },
    ],
  },
  {
    name: 'a profile refused for its bio keeps no picture either',
    given: [registered],
    when: { type: 'UpdateProfile', changes: { note: 'x'.repeat(5001) }, images: { avatar: image('c.png') } },
    error: { status: 413, message: 'Bio is too long' },
  },
  {
    name: 'a mascot is recorded whole',
    given: [registered],
    when: { type: 'ChangeMascot', mascot },
    expected: [{ type: 'MascotChanged', data: { accountId: '1', mascot } }],
  },
  {
    name: 'pictures of an unknown account are a 404',
    given: [],
    when: { type: 'ChangeMascot', mascot },
    error: { status: 404 },
  },
];

describe('media decider', () => {
  for (const testCase of mediaCases) it(testCase.name, () => runCase(mediaDecider, testCase));
});

describe('listen decider (§8)', () => {
  for (const testCase of listenCases) it(testCase.name, () => runCase(listenDecider, testCase));
});

describe('account pictures (§5.4, §5.6)', () => {
  for (const testCase of imageCases) it(testCase.name, () => runCase(accountDecider, testCase));
});

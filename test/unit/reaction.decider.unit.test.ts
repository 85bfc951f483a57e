import { describe, it } from 'vitest';
import {
  type ReactionCommand,
  type ReactionEvent,
  reactionDecider,
} from '../../src/domain/reaction/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const ids = { accountId: '10', statusId: '20' };
const blobUrl = 'http://localhost:4000/emoji/blobs/blobfox.png';
const remoteBlobUrl = 'https://remote.example/emoji/blobfox.png';
const added = (reactionId: string, emoji: string, url: string | null = null): ReactionEvent => ({
  type: 'ReactionAdded',
  data: { reactionId, ...ids, emoji, url },
});
const removed = (event: ReactionEvent): ReactionEvent => ({ type: 'ReactionRemoved', data: event.data });
const add = (emoji: string, url: string | null = null): ReactionCommand => ({
  type: 'AddReaction',
  ...ids,
  reactionId: '900',
  emoji,
  url,
});
const remove = (emoji: string, custom = false, host: string | null = null): ReactionCommand => ({
  type: 'RemoveReaction',
  ...ids,
  emoji,
  custom,
  host,
});

const thumbs = added('1', '👍');
const localBlob = added('2', 'blobfox', blobUrl);
const remoteBlob = added('3', 'blobfox', remoteBlobUrl);
const cannotRemove = {
  code: 'reaction_not_removed',
  status: 400,
  message: 'Could not remove reaction emoji',
};

const cases: DeciderCase<ReactionCommand, ReactionEvent>[] = [
  { name: 'a first reaction is added', given: [], when: add('👍'), expected: [added('900', '👍')] },
  { name: 'the same emoji twice does not duplicate', given: [thumbs], when: add('👍'), expected: [] },
  {
    name: 'another emoji by the same account is a second reaction',
    given: [thumbs],
    when: add('❤️'),
    expected: [added('900', '❤️')],
  },
  {
    name: 'a local and a remote custom emoji of one name are two reactions',
    given: [localBlob],
    when: add('blobfox', remoteBlobUrl),
    expected: [added('900', 'blobfox', remoteBlobUrl)],
  },
  {
    name: 'an emoji removed can be added again under a new id',
    given: [thumbs, removed(thumbs)],
    when: add('👍'),
    expected: [added('900', '👍')],
  },
  {
    name: 'removing undoes the reaction by its id',
    given: [thumbs],
    when: remove('👍'),
    expected: [removed(thumbs)],
  },
  {
    name: 'a unicode removal does not touch a custom emoji of that name',
    given: [localBlob],
    when: remove('blobfox'),
    error: cannotRemove,
  },
  {
    name: 'a custom removal without host takes the most recent reaction of that name',
    given: [localBlob, remoteBlob],
    when: remove('blobfox', true),
    expected: [removed(remoteBlob)],
  },
  {
    name: 'a custom removal with a host takes the reaction whose image is on that host',
    given: [localBlob, remoteBlob],
    when: remove('blobfox', true, 'localhost'),
    expected: [removed(localBlob)],
  },
  { name: 'removing a reaction never made fails', given: [], when: remove('👍'), error: cannotRemove },
  {
    name: 'removing a reaction already removed fails',
    given: [thumbs, removed(thumbs)],
    when: remove('👍'),
    error: cannotRemove,
  },
];

describe('reaction decider', () => {
  it.each(cases)('$name', (testCase) => runCase(reactionDecider, testCase));
});

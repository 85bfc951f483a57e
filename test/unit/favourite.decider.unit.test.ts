import { describe, it } from 'vitest';
import {
  type FavouriteCommand,
  type FavouriteEvent,
  favouriteDecider,
} from '../../src/domain/favourite/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const ids = { accountId: '10', statusId: '20' };
const favourited: FavouriteEvent = { type: 'StatusFavourited', data: { favouriteId: '100', ...ids } };
const removed: FavouriteEvent = { type: 'FavouriteRemoved', data: { favouriteId: '100', ...ids } };
const favourite: FavouriteCommand = { type: 'FavouriteStatus', ...ids, favouriteId: '200' };
const unfavourite: FavouriteCommand = { type: 'UnfavouriteStatus', ...ids };

const cases: DeciderCase<FavouriteCommand, FavouriteEvent>[] = [
  {
    name: 'a status not yet favourited is favourited with the new favourite id',
    given: [],
    when: favourite,
    expected: [{ type: 'StatusFavourited', data: { favouriteId: '200', ...ids } }],
  },
  {
    name: 'favouriting twice appends nothing (Pleroma answers success)',
    given: [favourited],
    when: favourite,
    expected: [],
  },
  {
    name: 'a favourite removed can be given again, under a new id',
    given: [favourited, removed],
    when: favourite,
    expected: [{ type: 'StatusFavourited', data: { favouriteId: '200', ...ids } }],
  },
  {
    name: 'unfavouriting removes the current favourite by its id',
    given: [favourited],
    when: unfavourite,
    expected: [removed],
  },
  {
    name: 'unfavouriting a status never favourited is "Could not unfavorite"',
    given: [],
    when: unfavourite,
    error: { code: 'not_favourited', status: 400, message: 'Could not unfavorite' },
  },
  {
    name: 'unfavouriting twice is "Could not unfavorite" the second time',
    given: [favourited, removed],
    when: unfavourite,
    error: { code: 'not_favourited', status: 400, message: 'Could not unfavorite' },
  },
];

describe('favourite decider', () => {
  it.each(cases)('$name', (testCase) => runCase(favouriteDecider, testCase));
});

import { describe, it } from 'vitest';
import {
  type BookmarkCommand,
  type BookmarkEvent,
  bookmarkDecider,
} from '../../src/domain/bookmark/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const ids = { accountId: '10', statusId: '20' };
const bookmarked: BookmarkEvent = { type: 'StatusBookmarked', data: { bookmarkId: '100', ...ids } };
const removed: BookmarkEvent = { type: 'BookmarkRemoved', data: { bookmarkId: '100', ...ids } };
const bookmark: BookmarkCommand = { type: 'BookmarkStatus', ...ids, bookmarkId: '200' };
const unbookmark: BookmarkCommand = { type: 'UnbookmarkStatus', ...ids };

const cases: DeciderCase<BookmarkCommand, BookmarkEvent>[] = [
  {
    name: 'a status not yet bookmarked is bookmarked with the new bookmark id',
    given: [],
    when: bookmark,
    expected: [{ type: 'StatusBookmarked', data: { bookmarkId: '200', ...ids } }],
  },
  { name: 'bookmarking twice keeps the first bookmark', given: [bookmarked], when: bookmark, expected: [] },
  { name: 'a bookmark is removed by its id', given: [bookmarked], when: unbookmark, expected: [removed] },
  {
    name: 'removing a bookmark not there appends nothing',
    given: [bookmarked, removed],
    when: unbookmark,
    expected: [],
  },
  {
    name: 'a removed bookmark can be made again, under a new id',
    given: [bookmarked, removed],
    when: bookmark,
    expected: [{ type: 'StatusBookmarked', data: { bookmarkId: '200', ...ids } }],
  },
];

describe('bookmark decider', () => {
  it.each(cases)('$name', (testCase) => runCase(bookmarkDecider, testCase));
});

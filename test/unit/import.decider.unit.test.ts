import { describe, expect, it } from 'vitest';
import {
  IMPORT_LIMIT,
  type ImportCommand,
  type ImportEvent,
  importDecider,
  localNicknameOf,
  parseImportList,
} from '../../src/domain/import/index.js';
import { DomainError } from '../../src/domain/shared/errors.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const importId = '1';
const requested: ImportEvent = {
  type: 'ImportRequested',
  data: { importId, accountId: '10', kind: 'follow', accounts: ['a', 'b', 'c'] },
};
const progressed: ImportEvent = {
  type: 'ImportProgressed',
  data: { importId, processed: 2, imported: 1, skipped: 1 },
};
const completed: ImportEvent = {
  type: 'ImportCompleted',
  data: { importId, accountId: '10', kind: 'follow', imported: 1, skipped: 1 },
};
const progress = (processed: number): ImportCommand => ({
  type: 'RecordImportProgress',
  processed,
  imported: 2,
  skipped: 1,
});

const cases: DeciderCase<ImportCommand, ImportEvent>[] = [
  {
    name: 'a new import is requested',
    given: [],
    when: { type: 'RequestImport', importId, accountId: '10', kind: 'follow', accounts: ['a', 'b', 'c'] },
    expected: [requested],
  },
  {
    name: 'requesting the same import again appends nothing',
    given: [requested],
    when: { type: 'RequestImport', importId, accountId: '10', kind: 'follow', accounts: ['a'] },
    expected: [],
  },
  {
    name: 'progress beyond the last recorded is recorded',
    given: [requested, progressed],
    when: progress(3),
    expected: [{ type: 'ImportProgressed', data: { importId, processed: 3, imported: 2, skipped: 1 } }],
  },
  {
    name: 'progress already recorded (a step repeated) appends nothing',
    given: [requested, progressed],
    when: progress(2),
    expected: [],
  },
  {
    name: 'progress of an import never requested appends nothing',
    given: [],
    when: progress(1),
    expected: [],
  },
  {
    name: 'completing records the counts so far',
    given: [requested, progressed],
    when: { type: 'CompleteImport' },
    expected: [completed],
  },
  {
    name: 'completing twice appends nothing',
    given: [requested, progressed, completed],
    when: { type: 'CompleteImport' },
    expected: [],
  },
  { name: 'no progress after completion', given: [requested, completed], when: progress(3), expected: [] },
];

describe('import decider', () => {
  it.each(cases)('$name', (testCase) => runCase(importDecider, testCase));
});

describe('parseImportList (§2)', () => {
  it('reads the first column of a Mastodon following CSV, header and one @ dropped', () => {
    const csv = 'Account address,Show boosts\r\n@bob@example.org,true\r\n"carol",false\r\n\r\n';
    expect(parseImportList('follow', csv)).toEqual(['bob@example.org', 'carol']);
  });

  it('splits block and mute lists on any whitespace', () => {
    expect(parseImportList('block', '@a  b\n\tc\r\n')).toEqual(['a', 'b', 'c']);
  });

  it('reads a Mastodon CSV export of mutes as CSV', () => {
    expect(parseImportList('mute', 'Account address,Hide notifications\nd@x.example,true\n')).toEqual([
      'd@x.example',
    ]);
  });

  it('keeps each account once, whatever its case', () => {
    expect(parseImportList('follow', 'Bob\nbob\n@BOB')).toEqual(['Bob']);
  });

  it('refuses an empty list with a 400', () => {
    for (const text of ['', ' \n ', 'Account address,Show boosts']) {
      expect(() => parseImportList('follow', text)).toThrow(
        expect.objectContaining({ status: 400, message: 'The list is empty: nothing to import.' }),
      );
    }
  });

  it(`refuses more than ${IMPORT_LIMIT} accounts with a 413`, () => {
    const list = Array.from({ length: IMPORT_LIMIT + 1 }, (_, i) => `u${i}`).join(' ');
    expect(() => parseImportList('block', list)).toThrow(expect.objectContaining({ status: 413 }));
    expect(parseImportList('block', list.split(' ').slice(0, IMPORT_LIMIT).join(' '))).toHaveLength(
      IMPORT_LIMIT,
    );
  });

  it('refuses text with NUL bytes', () => {
    expect(() => parseImportList('follow', 'a\u0000b')).toThrow(DomainError);
  });
});

describe('localNicknameOf', () => {
  const config = { PUBLIC_URL: 'https://annals.example', LOCAL_DOMAIN: 'annals.example' };
  it.each([
    ['bob', 'bob'],
    ['bob@annals.example', 'bob'],
    ['bob@ANNALS.example', 'bob'],
    ['https://annals.example/users/bob', 'bob'],
    ['bob@elsewhere.example', null],
    ['https://elsewhere.example/users/bob', null],
    ['https://annals.example/users/bob/followers', null],
  ])('%s → %s', (entry, nickname) => expect(localNicknameOf(entry, config)).toBe(nickname));
});

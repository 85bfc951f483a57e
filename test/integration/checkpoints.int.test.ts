import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProjectionVersionChanged,
  resetCheckpoint,
  storedPosition,
} from '../../src/projections/checkpoints.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

describe('the stored checkpoint of a projection', () => {
  it('answers the position its live tables include', async () => {
    await resetCheckpoint(database.db, 'things', 2);
    expect(await storedPosition(database.db, 'things', 2)).toBe(0n);
  });

  it('refuses tables another version of the projector built', async () => {
    await resetCheckpoint(database.db, 'others', 3);
    const stored = storedPosition(database.db, 'others', 2);
    await expect(stored).rejects.toBeInstanceOf(ProjectionVersionChanged);
    await expect(stored).rejects.toMatchObject({ stored: 3 });
  });

  it('refuses a projection that has no checkpoint', async () => {
    await expect(storedPosition(database.db, 'nothing', 1)).rejects.toThrow(
      'Checkpoint of nothing is missing',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { followedStatusesSource } from '../../src/projections/relationships/queries.js';
import { followedStatusesWithMutedSource } from '../../src/projections/statuses/readerFilters.js';

const squeeze = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('the with_muted source of followed statuses', () => {
  it('is the relationships read model’s source with only its mute condition taken off', () => {
    const source = squeeze(followedStatusesSource.where);
    const withMuted = squeeze(followedStatusesWithMutedSource.where);
    expect(source.startsWith(`${withMuted} and not exists (select 1 from mutes m`)).toBe(true);
    expect(followedStatusesWithMutedSource.from).toBe(followedStatusesSource.from);
    expect(followedStatusesWithMutedSource.id).toBe(followedStatusesSource.id);
  });
});

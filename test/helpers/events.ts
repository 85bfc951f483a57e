import type { StatusPostedData } from '../../src/domain/status/events.js';
import type { RecordedEvent } from '../../src/eventstore/eventStore.js';

/** Event metadata for appends made by tests: correlation 'c', no causation, schema version 1. */
export function testMetadata(time: string, actor: string | null = null) {
  return { actor, correlationId: 'c', causationId: null, time, schemaVersion: 1 };
}

/** A stored event as a subscription hands it out, for tests of what consumes the log (no database). */
export function recordedEvent(position: bigint, type = 'Tested'): RecordedEvent {
  return {
    id: `event-${position}`,
    type,
    data: {},
    metadata: testMetadata('2024-01-01T00:00:00Z'),
    stream: 'test-1',
    revision: 0,
    position,
  };
}

/**
 * A StatusPosted event's data for tests that need a status to exist, not what it says: public, empty, no
 * mentions, tags or media, in context 'c'; `data` names the status, its author and anything else that matters.
 */
export function statusPostedData(
  data: Pick<StatusPostedData, 'statusId' | 'accountId' | 'postedAt'> & Partial<StatusPostedData>,
): StatusPostedData {
  return {
    objectId: `o${data.statusId}`,
    visibility: 'public',
    text: '',
    contentHtml: '',
    spoilerText: '',
    sensitive: false,
    inReplyToId: null,
    inReplyToAccountId: null,
    mentions: [],
    tags: [],
    language: null,
    context: 'c',
    application: null,
    mediaIds: [],
    emojis: [],
    expiresAt: null,
    ...data,
  };
}

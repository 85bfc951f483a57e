import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { type Logger, pino } from 'pino';
import { type EventStore, expect as expected } from '../../src/eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../../src/projections/projector.js';

/**
 * A small read model for the engine's tests: items with a name and a hit count. `test_items` carries a
 * sequence, a unique constraint, an index and a check constraint with knex's default (table-derived) names,
 * so rebuilds exercise their renaming; `test_applies` logs every committed apply (not idempotent on
 * purpose), so a double application would show.
 */
export interface TestProjectorOptions {
  version?: number;
  /** Applied to names: a version 2 may map events differently. */
  mapName?: (name: string) => string;
  /** Called before each apply with the physical items table; throw to fail, await to pause. */
  beforeApply?: (eventId: string, itemsTable: string) => void | Promise<void>;
}

export function testProjector(options: TestProjectorOptions = {}): Projector {
  const mapName = options.mapName ?? ((name: string) => name);
  return {
    name: 'test_items',
    version: options.version ?? 1,
    handles: ['ItemNamed', 'ItemHit'],
    tables: ['test_items', 'test_applies'],
    async createTables(db: Knex, tables: ProjectionTables) {
      const items = tables.table('test_items');
      await db.schema.createTable(items, (table) => {
        table.increments('row_id', { primaryKey: false });
        table.text('id').notNullable().unique();
        table.text('name');
        table.integer('hits').notNullable().defaultTo(0);
        table.bigInteger('last_position').notNullable();
        table.index(['name']);
      });
      await db.raw('alter table ?? add constraint ?? check (hits >= 0)', [items, `${items}_hits_check`]);
      await db.schema.createTable(tables.table('test_applies'), (table) => {
        table.text('event_id').notNullable();
        table.bigInteger('position').notNullable();
      });
    },
    async apply(trx, event, tables) {
      const items = tables.table('test_items');
      await options.beforeApply?.(event.id, items);
      const data = event.data as { id: string; name?: string };
      const position = event.position.toString();
      const insert = { id: data.id, last_position: position };
      // last_position guards make a replayed event a no-op (practice 7).
      if (event.type === 'ItemNamed') {
        await trx.raw(
          `insert into ?? as t (id, name, last_position) values (?, ?, ?)
           on conflict (id) do update set name = excluded.name, last_position = excluded.last_position
           where t.last_position < excluded.last_position`,
          [items, insert.id, mapName(data.name ?? ''), position],
        );
      } else {
        await trx.raw(
          `insert into ?? as t (id, hits, last_position) values (?, 1, ?)
           on conflict (id) do update set hits = t.hits + 1, last_position = excluded.last_position
           where t.last_position < excluded.last_position`,
          [items, insert.id, position],
        );
      }
      await trx(tables.table('test_applies')).insert({ event_id: event.id, position });
    },
  };
}

export type TestEvent =
  | { type: 'ItemNamed'; id: string; name: string }
  | { type: 'ItemHit'; id: string }
  | { type: 'Unrelated' };

/** Appends one event per call (its own transaction); returns its global position. */
export async function append(store: EventStore, event: TestEvent, time = new Date()): Promise<bigint> {
  const { type, ...data } = event;
  const stream = 'id' in event ? `item-${event.id}` : 'other-1';
  const result = await store.appendToStream(
    stream,
    [
      {
        id: randomUUID(),
        type,
        data,
        metadata: {
          actor: null,
          correlationId: randomUUID(),
          causationId: null,
          time: time.toISOString(),
          schemaVersion: 1,
        },
      },
    ],
    expected.any,
  );
  return result.position;
}

export interface ItemRow {
  id: string;
  name: string | null;
  hits: number;
}

/** What test_items must contain after these events (the fold the projector implements). */
export function expectedItems(events: readonly TestEvent[], mapName = (name: string) => name): ItemRow[] {
  const items = new Map<string, ItemRow>();
  for (const event of events) {
    if (event.type === 'Unrelated') continue;
    const item = items.get(event.id) ?? { id: event.id, name: null, hits: 0 };
    if (event.type === 'ItemNamed') item.name = mapName(event.name);
    else item.hits += 1;
    items.set(event.id, item);
  }
  return [...items.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export async function readItems(db: Knex): Promise<ItemRow[]> {
  return db('test_items').select('id', 'name', 'hits').orderBy('id');
}

/** Some events for three items, with unrelated ones between. */
export function someEvents(count: number, prefix = 'a'): TestEvent[] {
  return Array.from({ length: count }, (_, index): TestEvent => {
    const id = `${prefix}${index % 3}`;
    if (index % 5 === 4) return { type: 'Unrelated' };
    return index % 2 === 0 ? { type: 'ItemNamed', id, name: `${id}-name-${index}` } : { type: 'ItemHit', id };
  });
}

/** A pino logger whose lines the test can read. */
export function capturingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines: () => lines };
}

export { untilVisible } from '../helpers/projectors.js';

import type { Knex } from 'knex';
import { preparedQuery } from '../../db/prepared.js';
import type { AccountDeleted } from '../../domain/account/index.js';
import { notificationEventTypes } from '../../domain/notification/events.js';
import { causeEventTypes } from '../../domain/notification/rules.js';
import { type RelationshipEvent, relationshipEventTypes } from '../../domain/relationship/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import { applyInRuns } from '../batch.js';
import type { OneStatementWrites, SqlFragment } from '../oneStatement.js';
import { type ProjectionTables, type Projector, quotedTable } from '../projector.js';
import { applyAct, createAccountTables, forgetAccount } from './acts.js';
import {
  createNotificationTables,
  notify,
  notifyAlone,
  statusCauseTypes,
  type UndoEvent,
  type UndoneAlone,
  undo,
  undoneAloneTypes,
  undoWrites,
} from './causes.js';
import { applyFollowRun, followRunTypes } from './followRuns.js';
import { applyRelation, createRelationTables } from './relations.js';

export const NOTIFICATIONS_PROJECTOR = 'notifications';

const undoEventTypes = [
  'FollowRequestAuthorized',
  'FollowRequestRejected',
  'FollowRequestCancelled',
] as const satisfies readonly UndoEvent['type'][];

const handled = new Set<string>([
  ...causeEventTypes,
  ...undoEventTypes,
  ...undoneAloneTypes,
  ...relationshipEventTypes,
  ...notificationEventTypes,
  'AccountDeleted',
]);
const causes = new Set<string>(causeEventTypes);
const undos = new Set<string>(undoEventTypes);
const relations = new Set<string>(relationshipEventTypes);
const acts = new Set<string>(notificationEventTypes);
const undone: ReadonlySet<string> = new Set(undoneAloneTypes);
const writesAlone: ReadonlySet<string> = new Set([...undoneAloneTypes, ...statusCauseTypes]);

/**
 * `writes` (CTEs gated on `progress`) behind the progress's compare-and-set, itself gated on `gate`: what apply
 * does in a transaction (skip an event the progress is past), as CTEs of one statement.
 */
function behindProgress(
  recorded: RecordedEvent,
  tables: ProjectionTables,
  gate: string,
  writes: SqlFragment,
) {
  const position = recorded.position.toString();
  return {
    sql: `progress as (
      update ${quotedTable(tables, 'notification_progress')} set position = ?
      where position < ? and exists (select 1 from ${gate}) returning 1
    )${writes.sql ? `, ${writes.sql}` : ''}`,
    bindings: [position, position, ...writes.bindings],
  };
}

const undoneWrites = (recorded: RecordedEvent, tables: ProjectionTables, gate: string) =>
  behindProgress(recorded, tables, gate, undoWrites(recorded as unknown as UndoneAlone, tables, 'progress'));

/**
 * Notifications (§4, §12.4) are derived from the facts that cause them, as a read model: a mention, a
 * favourite, a reaction, a follow, a move notify whom rules.ts says, given the relations this projector
 * keeps (relations.ts); undoing a cause removes its notification; the user's acts (clear, dismiss, read,
 * settings, marker) are events of their own. Everything is a function of the log in its order, so a rebuild
 * yields the same notifications with the same ids.
 *
 * `notification_progress` holds the last applied position: the decisions read state other events changed, so
 * an event applied again (after everything that followed it) is skipped whole rather than decided anew.
 * Version 2: notifications that landed on an id their recipient had were lost, and are now placed (ids.ts).
 * Version 3: an account that blocks the recipient notifies them (Pleroma's blockers_visible), and a cancelled
 * follow request keeps its notification; neither was so.
 * Version 4: the marker keeps no save count and keeps the time it was created, as Pleroma's does.
 */
export const notificationsProjector: Projector & OneStatementWrites = {
  name: NOTIFICATIONS_PROJECTOR,
  version: 4,
  handles: [...handled],
  tables: [
    'notifications',
    'notification_statuses',
    'notification_relations',
    'notification_accounts',
    'notification_progress',
  ],

  async createTables(db: Knex, tables: ProjectionTables) {
    await createNotificationTables(db, tables);
    await createRelationTables(db, tables);
    await createAccountTables(db, tables);
    await db.schema.createTable(tables.table('notification_progress'), (table) => {
      table.integer('id').primary();
      table.bigInteger('position').notNullable();
    });
    await db(tables.table('notification_progress')).insert({ id: 1, position: 0 });
  },

  /** A move's or an import's follows and unfollows in runs (followRuns.ts); anything else one by one. */
  applyBatch(trx: Knex.Transaction, events: readonly RecordedEvent[], tables: ProjectionTables) {
    return applyInRuns(
      trx,
      notificationsProjector,
      events,
      tables,
      (recorded) => followRunTypes.has(recorded.type),
      (run) => applyFollowRun(trx, tables, run),
    );
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    if (undone.has(recorded.type)) {
      const { sql, bindings } = undoneWrites(recorded, tables, 'always');
      await trx.raw(`with always as (select), ${sql} select`, [...bindings]);
      return;
    }
    // Once per event (a move's thousands included): a prepared statement, not one built and planned each time.
    const moved = await preparedQuery(
      trx,
      `update "${tables.table('notification_progress')}" set position = $1 where position < $1 returning 1`,
      [recorded.position.toString()],
    );
    if (moved.length === 0) return;
    const { type } = recorded;
    const event = { type, data: recorded.data };
    if (relations.has(type)) await applyRelation(trx, tables, event as RelationshipEvent);
    if (undos.has(type)) await undo(trx, tables, event as unknown as UndoEvent);
    if (causes.has(type)) await notify(trx, tables, recorded);
    if (acts.has(type)) await applyAct(trx, tables, recorded);
    if (type === 'AccountDeleted') {
      await applyRelation(trx, tables, event as AccountDeleted);
      await forgetAccount(trx, tables, (event as AccountDeleted).data.accountId);
    }
  },

  /**
   * The live path's commonest events: favourites and reactions (their facts read first: causes.ts notifyAlone),
   * their undoing, deleted statuses.
   */
  writesAlone,
  async writesOf(recorded, tables, gate, db) {
    if (undone.has(recorded.type)) return undoneWrites(recorded, tables, gate);
    const writes = await notifyAlone(db, tables, recorded, 'progress');
    return writes && behindProgress(recorded, tables, gate, writes);
  },
};

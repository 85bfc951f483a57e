import type { Knex } from 'knex';
import {
  type ImageEvent,
  type Mascot,
  profileImageKinds,
  type StoredImage,
} from '../../domain/account/images.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';

/**
 * The picture columns of the accounts read model (§5.4, §5.6): what the Account entity shows as avatar,
 * header and background image, and the mascot. Kept apart so the accounts projector only delegates to it.
 */
export function addImageColumns(table: Knex.CreateTableBuilder): void {
  for (const column of ['avatar', 'header', 'background', 'mascot']) table.jsonb(column);
}

/** §1.7's purge forgets the pictures too. */
export const purgedImageColumns = { avatar: null, header: null, background: null, mascot: null };

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

/** Updates by key only, so a replay leaves the same row. */
export async function applyImages(accounts: () => Knex.QueryBuilder, recorded: RecordedEvent): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as ImageEvent;
  const row = accounts().where({ id: event.data.accountId });
  const at = recorded.metadata.time;
  switch (event.type) {
    case 'ProfileImagesChanged': {
      const columns: Record<string, string | null> = {};
      for (const kind of profileImageKinds) {
        const image = event.data.changes[kind];
        if (image !== undefined) columns[kind] = json(image);
      }
      await row.update({ ...columns, updated_at: at });
      return;
    }
    case 'MascotChanged':
      await row.update({ mascot: json(event.data.mascot), updated_at: at });
      return;
    default:
      assertNever(event);
  }
}

/** The pictures of an account as the read model holds them (null: none set). */
export interface AccountImages {
  avatar: StoredImage | null;
  header: StoredImage | null;
  background: StoredImage | null;
  mascot: Mascot | null;
}

/** From a row; tables built before these columns existed read as "none set". */
export function imagesOfRow(row: Record<string, unknown>): AccountImages {
  const of = <T>(value: unknown) => (value ?? null) as T | null;
  return {
    avatar: of<StoredImage>(row.avatar),
    header: of<StoredImage>(row.header),
    background: of<StoredImage>(row.background),
    mascot: of<Mascot>(row.mascot),
  };
}

import type { Config } from '../config.js';
import { accountsProjector } from './accounts/projector.js';
import { aliasesProjector } from './aliases/projector.js';
import { backupsProjector } from './backups/projector.js';
import { bookmarksProjector } from './bookmarks/projector.js';
import { conversationsProjector } from './conversations/projector.js';
import { endorsementsProjector } from './endorsements/projector.js';
import { favouritesProjector } from './favourites/projector.js';
import { mediaProjector } from './media/projector.js';
import { notificationsProjector } from './notifications/projector.js';
import { oauthProjector } from './oauth/projector.js';
import { pinsProjector } from './pins/projector.js';
import type { Projector } from './projector.js';
import { reactionsProjector } from './reactions/projector.js';
import { relationshipsProjector } from './relationships/projector.js';
import { scrobblesProjector } from './scrobbles/projector.js';
import { settingsProjector } from './settings/projector.js';
import { statusesProjector } from './statuses/projector.js';

/** What projectors may need to be built (e.g. the local domain for nicknames). Extend as read models need. */
export interface ProjectorDeps {
  config: Config;
}

/**
 * Every read model, in one place: the server's engine and the `annals projections` commands both use this
 * list, so a projector added here is created, run, rebuilt and reported everywhere.
 */
export function allProjectors(deps: ProjectorDeps): Projector[] {
  return [
    accountsProjector,
    aliasesProjector,
    oauthProjector,
    statusesProjector,
    favouritesProjector,
    bookmarksProjector,
    pinsProjector,
    reactionsProjector(deps.config),
    settingsProjector,
    mediaProjector,
    scrobblesProjector,
    relationshipsProjector,
    endorsementsProjector,
    backupsProjector,
    conversationsProjector,
    notificationsProjector,
  ];
}

import type { AppDeps } from '../api/deps.js';
import { handleCommand } from '../commands/handleCommand.js';
import { subcommand } from '../commands/oauth/deps.js';
import { revokeToken } from '../commands/oauth/revokeToken.js';
import {
  type AccountDeleted,
  emailStream,
  type PasswordChanged,
  reservationDecider,
} from '../domain/account/index.js';
import type { RecordedEvent } from '../eventstore/eventStore.js';
import { OAUTH_PROJECTOR } from '../projections/oauth/projector.js';
import { listAccountTokens } from '../projections/oauth/queries.js';
import { deleteStatusesOf, dropLeftoversOf, endRelationshipsOf } from './accountDeletion.js';
import { type Process, processContext } from './process.js';

export const ACCOUNT_LIFECYCLE = 'account-lifecycle';

export type AccountLifecycleDeps = Pick<
  AppDeps,
  'db' | 'eventStore' | 'projections' | 'ids' | 'keys' | 'clock' | 'logger' | 'config' | 'storage'
>;

type Reaction<Event> = (
  deps: AccountLifecycleDeps,
  event: RecordedEvent & Event,
  step: (name: string) => ReturnType<typeof processContext>,
) => Promise<void>;

/**
 * Revokes the account's tokens issued up to `before`. Waits for the oauth read model to include the event,
 * so no token issued before it is missed; tokens issued after (a login with the new password) are kept.
 */
async function revokeSessions(
  deps: AccountLifecycleDeps,
  event: RecordedEvent,
  accountId: string,
  step: (name: string) => ReturnType<typeof processContext>,
  before?: Date,
) {
  await deps.projections.waitFor([OAUTH_PROJECTOR], event.position);
  const tokens = await listAccountTokens(deps.db, accountId);
  for (const token of tokens) {
    if (before && token.createdAt.getTime() > before.getTime()) continue;
    await revokeToken(deps, { tokenId: token.tokenId }, step(`revoke-${token.tokenId}`));
  }
}

/**
 * What remains to be removed after AccountDeleted, each step idempotent. Read models that only *hold* the
 * account's data purge themselves on the event (the notifications it received or caused among them); these
 * steps are the ones that need commands or keys. Add a step as features arrive, at the end: steps are
 * numbered into their command ids, so a replay repeats the old steps' commands exactly.
 */
export const deletionSteps: Reaction<AccountDeleted>[] = [
  // The use case already destroyed the key; this finishes the job if it stopped right after the append.
  async (deps, event) => deps.keys.destroyKey(event.data.accountId),
  (deps, event, step) => revokeSessions(deps, event, event.data.accountId, step),
  // The address is free again (Pleroma nulls it); the nickname claim is never released.
  async (deps, event, step) => {
    const { accountId, emailIndex } = event.data;
    if (!emailIndex) return;
    const release = { type: 'Release', accountId } as const;
    await handleCommand(
      deps.eventStore,
      emailStream(emailIndex),
      reservationDecider('Email'),
      release,
      subcommand(step('release-email'), 'release'),
    );
  },
  // §1.7's background job: the statuses go (each with StatusDeleted), then the follows both ways.
  (deps, event, step) => deleteStatusesOf(deps, event, event.data.accountId, (id) => step(`status-${id}`)),
  (deps, event, step) =>
    endRelationshipsOf(deps, event, event.data.accountId, (id) => step(`relationship-${id}`)),
  (deps, event, step) => dropLeftoversOf(deps, event.data.accountId, step),
];

/** Pleroma's reset_password drops every token of the user: the password change logs all sessions out. */
const onPasswordChanged: Reaction<PasswordChanged> = (deps, event, step) =>
  revokeSessions(deps, event, event.data.accountId, step, new Date(event.metadata.time));

/** Finishes what a password change or an account deletion starts, resumably (see Process). */
export function accountLifecycleProcess(deps: AccountLifecycleDeps): Process {
  return {
    name: ACCOUNT_LIFECYCLE,
    version: 1,
    handles: ['PasswordChanged', 'AccountDeleted'],
    async react(recorded) {
      const step = (name: string) => processContext(recorded, name, deps.clock());
      const event = recorded as RecordedEvent & (PasswordChanged | AccountDeleted);
      if (event.type === 'PasswordChanged') return onPasswordChanged(deps, event, step);
      for (const [index, reaction] of deletionSteps.entries()) {
        await reaction(deps, event, (name) => step(`${index}:${name}`));
      }
    },
  };
}

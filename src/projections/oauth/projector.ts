import type { Knex } from 'knex';
import { type OAuthEvent, oauthEventTypes } from '../../domain/oauth/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const OAUTH_PROJECTOR = 'oauth';

/**
 * Apps, live tokens and pending authorization codes. Revoked tokens and redeemed codes are deleted: the
 * history stays in the log, and the token table then holds exactly what authenticates. Every write is an
 * upsert or a delete by key, so replaying an event leaves the same rows.
 */
export const oauthProjector: Projector = {
  name: OAUTH_PROJECTOR,
  version: 1,
  handles: oauthEventTypes,
  tables: ['oauth_apps', 'oauth_tokens', 'oauth_authorization_codes'],

  async createTables(db: Knex, tables: ProjectionTables) {
    await db.schema.createTable(tables.table('oauth_apps'), (table) => {
      table.text('app_id').primary();
      table.text('client_id').notNullable().unique();
      table.text('client_secret_hash').notNullable();
      table.text('name').notNullable();
      table.text('website');
      table.specificType('redirect_uris', 'text[]').notNullable();
      table.specificType('scopes', 'text[]').notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable();
    });
    await db.schema.createTable(tables.table('oauth_tokens'), (table) => {
      table.text('token_id').primary();
      // Every authenticated request looks a token up by hash: unique index, one row.
      table.text('token_hash').notNullable().unique();
      table.text('refresh_token_hash').notNullable().unique();
      table.text('account_id').index();
      table.text('app_id').notNullable();
      table.specificType('scopes', 'text[]').notNullable();
      table.timestamp('valid_until', { useTz: true }).notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable();
    });
    await db.schema.createTable(tables.table('oauth_authorization_codes'), (table) => {
      table.text('code_id').primary();
      table.text('code_hash').notNullable().unique();
      table.text('app_id').notNullable();
      table.text('account_id').notNullable();
      table.specificType('scopes', 'text[]').notNullable();
      table.text('redirect_uri').notNullable();
      table.timestamp('expires_at', { useTz: true }).notNullable();
      table.text('code_challenge');
      table.text('code_challenge_method');
    });
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const event = { type: recorded.type, data: recorded.data } as OAuthEvent;
    const at = recorded.metadata.time;
    switch (event.type) {
      case 'AppRegistered': {
        const d = event.data;
        await trx(tables.table('oauth_apps'))
          .insert({
            app_id: d.appId,
            client_id: d.clientId,
            client_secret_hash: d.clientSecretHash,
            name: d.name,
            website: d.website,
            redirect_uris: d.redirectUris,
            scopes: d.scopes,
            created_at: at,
          })
          .onConflict('app_id')
          .merge();
        return;
      }
      case 'AuthorizationCodeIssued': {
        const d = event.data;
        await trx(tables.table('oauth_authorization_codes'))
          .insert({
            code_id: d.codeId,
            code_hash: d.codeHash,
            app_id: d.appId,
            account_id: d.accountId,
            scopes: d.scopes,
            redirect_uri: d.redirectUri,
            expires_at: d.expiresAt,
            code_challenge: d.codeChallenge,
            code_challenge_method: d.codeChallengeMethod,
          })
          .onConflict('code_id')
          .merge();
        return;
      }
      case 'AuthorizationCodeRedeemed':
        await trx(tables.table('oauth_authorization_codes')).where({ code_id: event.data.codeId }).delete();
        return;
      case 'TokenIssued': {
        const d = event.data;
        await trx(tables.table('oauth_tokens'))
          .insert({
            token_id: d.tokenId,
            token_hash: d.tokenHash,
            refresh_token_hash: d.refreshTokenHash,
            account_id: d.accountId,
            app_id: d.appId,
            scopes: d.scopes,
            valid_until: d.validUntil,
            created_at: at,
          })
          .onConflict('token_id')
          .merge();
        return;
      }
      case 'TokenRefreshed': {
        const d = event.data;
        // Replayed after a revocation the row is gone and this updates nothing, as it should.
        await trx(tables.table('oauth_tokens')).where({ token_id: d.tokenId }).update({
          token_hash: d.tokenHash,
          refresh_token_hash: d.refreshTokenHash,
          valid_until: d.validUntil,
        });
        return;
      }
      case 'TokenRevoked':
        await trx(tables.table('oauth_tokens')).where({ token_id: event.data.tokenId }).delete();
        return;
      default:
        assertNever(event);
    }
  },
};

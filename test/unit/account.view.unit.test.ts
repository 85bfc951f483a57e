import { describe, expect, it } from 'vitest';
import { renderAccount } from '../../src/api/views/account.js';
import type { AccountRecord } from '../../src/projections/accounts/queries.js';

const config = { PUBLIC_URL: 'https://social.example', LOCAL_DOMAIN: 'social.example' };

const alice: AccountRecord = {
  id: '111',
  nickname: 'alice',
  emailIndex: 'idx',
  emailEncrypted: 'enc:v1:a:b:c',
  passwordHashEncrypted: 'enc:v1:d:e:f',
  displayName: 'Alice',
  note: 'hello <world>',
  noteHtml: 'hello &lt;world&gt;',
  emojis: [],
  fields: [{ name: 'site', value: 'https://alice.example' }],
  alsoKnownAs: [{ accountId: '222', apId: 'https://social.example/users/old_alice' }],
  locale: 'en',
  privacy: 'unlisted',
  avatarDescription: '',
  headerDescription: '',
  locked: false,
  bot: false,
  discoverable: true,
  isAdmin: false,
  isModerator: false,
  isConfirmed: true,
  isApproved: true,
  isActive: true,
  hideFollowers: true,
  hideFollows: false,
  hideFollowersCount: true,
  hideFollowsCount: false,
  hideFavorites: true,
  showRole: true,
  noRichText: false,
  skipThreadContainment: false,
  allowFollowingMove: true,
  acceptsChatMessages: true,
  mfaEnabled: false,
  mfaTotpConfirmed: false,
  createdAt: new Date('2024-05-01T10:00:00.123Z'),
  avatar: null,
  header: null,
  background: null,
  mascot: null,
};

const publicView = {
  id: '111',
  username: 'alice',
  acct: 'alice',
  display_name: 'Alice',
  locked: false,
  created_at: '2024-05-01T10:00:00.000Z',
  followers_count: 0,
  following_count: 3,
  statuses_count: 7,
  note: 'hello &lt;world&gt;',
  url: 'https://social.example/users/alice',
  avatar: 'https://social.example/images/avi.png',
  avatar_static: 'https://social.example/images/avi.png',
  header: 'https://social.example/images/banner.png',
  header_static: 'https://social.example/images/banner.png',
  emojis: [],
  fields: [
    {
      name: 'site',
      value: '<a href="https://alice.example" rel="ugc">https://alice.example</a>',
      verified_at: null,
    },
  ],
  bot: false,
  last_status_at: '2024-06-02',
  source: {
    note: 'hello <world>',
    sensitive: false,
    fields: [{ name: 'site', value: 'https://alice.example' }],
    pleroma: { discoverable: true, actor_type: 'Person' },
  },
  fqn: 'alice@social.example',
  pleroma: {
    ap_id: 'https://social.example/users/alice',
    also_known_as: ['https://social.example/users/old_alice'],
    is_confirmed: true,
    is_suggested: false,
    tags: [],
    hide_followers_count: true,
    hide_follows_count: false,
    hide_followers: true,
    hide_follows: false,
    hide_favorites: true,
    relationship: {},
    skip_thread_containment: false,
    background_image: null,
    accepts_chat_messages: true,
    favicon: null,
    avatar_description: '',
    header_description: '',
    is_admin: false,
    is_moderator: false,
    privileges: [],
  },
};

const counts = { followers: 5, following: 3, statuses: 7, followRequests: 2 };
const lastStatusAt = new Date('2024-06-02T23:00:00Z');

describe('Account view (§12.1)', () => {
  it('renders the public entity for another viewer, hiding a hidden followers count', () => {
    expect(renderAccount(alice, { config, viewerId: '999', counts, lastStatusAt })).toEqual(publicView);
  });

  it('shows a count whose list is not hidden, as Pleroma hides a count only with its list', () => {
    const countOnly = { ...alice, hideFollowers: false, hideFollows: false, hideFollowsCount: true };
    const view = renderAccount(countOnly, { config, viewerId: '999', counts, lastStatusAt });
    expect([view.followers_count, view.following_count]).toEqual([5, 3]);
    const both = { ...countOnly, hideFollowers: true, hideFollows: true };
    const hidden = renderAccount(both, { config, viewerId: '999', counts, lastStatusAt });
    expect([hidden.followers_count, hidden.following_count]).toEqual([0, 0]);
  });

  it('adds the self-only fields and the real counts for the owner', () => {
    const view = renderAccount(alice, {
      config,
      viewerId: '111',
      counts,
      lastStatusAt,
      email: 'alice@example.org',
      settingsStore: {},
    });
    expect(view).toEqual({
      ...publicView,
      followers_count: 5,
      follow_requests_count: 2,
      source: {
        ...publicView.source,
        privacy: 'unlisted',
        pleroma: {
          discoverable: true,
          actor_type: 'Person',
          show_role: true,
          no_rich_text: false,
          show_birthday: false,
        },
      },
      pleroma: {
        ...publicView.pleroma,
        notification_settings: { block_from_strangers: false, hide_notification_contents: false },
        allow_following_move: true,
        unread_conversation_count: 0,
        unread_notifications_count: 0,
        email: 'alice@example.org',
        settings_store: {},
      },
    });
  });

  it('shows roles only when the account shows them, and admin privileges', () => {
    const hidden = renderAccount({ ...alice, showRole: false }, { config, viewerId: null });
    expect(hidden.pleroma).not.toHaveProperty('is_admin');
    expect(hidden.pleroma).not.toHaveProperty('privileges');
    const admin = renderAccount({ ...alice, isAdmin: true }, { config, viewerId: null });
    expect(admin.pleroma.is_admin).toBe(true);
    expect(admin.pleroma.privileges).toContain('users_manage_credentials');
  });

  it('renders a bot as a Service, the nickname when there is no display name, and zero counts by default', () => {
    const view = renderAccount({ ...alice, bot: true, displayName: null }, { config, viewerId: null });
    expect(view).toMatchObject({
      bot: true,
      display_name: 'alice',
      followers_count: 0,
      following_count: 0,
      statuses_count: 0,
      last_status_at: null,
      source: { pleroma: { actor_type: 'Service' } },
    });
    expect(view).not.toHaveProperty('follow_requests_count');
    expect(view.pleroma).not.toHaveProperty('email');
  });

  it('tells privileged viewers whether the account is deactivated', () => {
    const view = renderAccount(
      { ...alice, isActive: false },
      { config, viewerId: '1', viewerIsPrivileged: true },
    );
    expect(view.pleroma.deactivated).toBe(true);
  });
});

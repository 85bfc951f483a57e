import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../helpers/relationships.js';
import {
  type RelationshipsApp,
  relationshipRequests,
  useRelationshipsApp,
} from '../helpers/relationshipsApi.js';

let { t, alice, bob, carol, dave } = {} as RelationshipsApp;
useRelationshipsApp((made) => ({ t, alice, bob, carol, dave } = made));

beforeAll(async () => {
  // bob and dave follow carol; alice follows bob and mutes dave.
  await act(bob, carol, 'follow');
  await act(dave, carol, 'follow');
  await act(alice, bob, 'follow');
  await act(alice, dave, 'mute');
});

const { get, act, relationship } = relationshipRequests(() => t);

/** The embedded `pleroma.relationship` of each listed account, by its id. */
async function embedded(user: User | null, path: string): Promise<Record<string, object>> {
  const res = await get(user, path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const listed = res.body as { id: string; pleroma: { relationship: object } }[];
  return Object.fromEntries(listed.map((account) => [account.id, account.pleroma.relationship]));
}

describe('with_relationships (Pleroma’s embed_relationships?)', () => {
  it('embeds the viewer’s Relationship in each follower, exactly as /relationships answers it', async () => {
    const followers = `/api/v1/accounts/${carol.account.id}/followers`;
    const listed = await embedded(alice, `${followers}?with_relationships=true`);
    expect(listed).toEqual({
      [dave.account.id]: await relationship(alice, dave),
      [bob.account.id]: await relationship(alice, bob),
    });
    expect(listed[dave.account.id]).toMatchObject({ id: dave.account.id, muting: true, following: false });
    expect(listed[bob.account.id]).toMatchObject({ id: bob.account.id, following: true });
  });

  it('leaves it {} when not asked, asked falsy, or asked by an anonymous reader', async () => {
    const followers = `/api/v1/accounts/${carol.account.id}/followers`;
    const empty = { [dave.account.id]: {}, [bob.account.id]: {} };
    expect(await embedded(alice, followers)).toEqual(empty);
    expect(await embedded(alice, `${followers}?with_relationships=false`)).toEqual(empty);
    expect(await embedded(null, `${followers}?with_relationships=true`)).toEqual(empty);
  });

  it('embeds it in following, mutes, blocks and a single account', async () => {
    expect(await embedded(bob, `/api/v1/accounts/${bob.account.id}/following?with_relationships=1`)).toEqual({
      [carol.account.id]: await relationship(bob, carol),
    });
    const muted = await embedded(alice, '/api/v1/mutes?with_relationships=true');
    expect(muted).toEqual({ [dave.account.id]: await relationship(alice, dave) });
    expect(muted[dave.account.id]).toMatchObject({ muting: true, muting_notifications: true });

    await act(dave, bob, 'block');
    const blocked = await embedded(dave, '/api/v1/blocks?with_relationships=true');
    expect(blocked).toEqual({ [bob.account.id]: await relationship(dave, bob) });
    expect(blocked[bob.account.id]).toMatchObject({ blocking: true });

    const single = await get(alice, `/api/v1/accounts/${bob.account.id}?with_relationships=true`);
    expect(single.body.pleroma.relationship).toEqual(await relationship(alice, bob));
    const plain = await get(alice, `/api/v1/accounts/${bob.account.id}`);
    expect(plain.body.pleroma.relationship).toEqual({});
  });
});

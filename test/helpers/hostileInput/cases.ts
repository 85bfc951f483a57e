import type { Fixtures } from './fixtures.js';
import type { Spec } from './routes.js';

/** Path segments, as they travel in the URL. */
const SEGMENTS = [
  'abc',
  '-1',
  '0',
  '99999999999999999999999999',
  '%00',
  'a'.repeat(300),
  encodeURIComponent('🦊'),
  '%E0%A4%A', // malformed percent-encoding
];
const QUERIES = [
  'limit[a]=1',
  'max_id[]=1&max_id[]=2',
  'limit=-5',
  'limit=1e400',
  'id[][]=x',
  'offset=1e400',
];
const HUGE = 'x'.repeat(100_000);
/** More distinct ids than PostgreSQL takes bind parameters in one query (65,535), within BODY_LIMIT. */
const MANY = Array.from({ length: 70_000 }, (_, i) => String(i));
/** Arrays nested 100,000 deep, as JSON text (JSON.stringify itself would run out of stack building it). */
const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
/** What each attacked JSON field is given. */
const WRONG_TYPES: unknown[] = [
  { nested: { a: 1 } },
  [1, 'two', { three: 3 }],
  null,
  -1.5,
  1e308,
  true,
  HUGE,
  MANY,
  '99999999999999999999999999',
  'a\u0000b',
];

/** One hostile request: what it attacks (for the failure message), and what is sent. */
export interface Case {
  input: string;
  path: string;
  query?: string;
  body?: { type: string; data: string };
}

/** Form encoding with brackets (qs's own notation), for queries and urlencoded bodies. */
function formEncode(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, item]) => {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (item === undefined) return [];
    if (Array.isArray(item)) return item.map((v) => `${name}[]=${encodeURIComponent(String(v))}`);
    if (item && typeof item === 'object') return formEncode(item as Record<string, unknown>, name);
    return [`${name}=${encodeURIComponent(String(item))}`];
  });
}

/** A multipart body of file parts: each named field gets `bytes` under `filename`. */
const fileParts = (fields: readonly string[], filename: string, bytes: string) =>
  `${fields
    .map(
      (field) =>
        `--HOSTILE\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
        `Content-Type: image/png\r\n\r\n${bytes}\r\n`,
    )
    .join('')}--HOSTILE--\r\n`;

/** A JSON text for a failure message: huge strings and long arrays shortened. */
const shown = (value: unknown) =>
  JSON.stringify(value, (_key, v) => {
    if (typeof v === 'string' && v.length > 80) return `${v.slice(0, 8)}…(${v.length} chars)`;
    return Array.isArray(v) && v.length > 20 ? `[${v.length} items]` : v;
  });

/** A path parameter's plausible value: an id that exists, or a value of the right shape. */
function defaultParam(path: string, name: string, f: Fixtures): string {
  const ids: [RegExp, string][] = [
    [/statuses\/:id/, f.statusId],
    [/accounts\/:id|follow_requests\/:id/, f.otherId],
    [/media\/:id/, f.mediaId],
    [/conversations\/:id/, f.conversationId],
    [/notifications\/:id/, f.notificationId],
  ];
  const byName: Record<string, string> = {
    version: '2.0',
    emoji: encodeURIComponent('👍'),
    method: 'totp',
    app: 'hostile_app',
    hashtag: 'tag',
    token: 'not-a-token',
    user_id: f.sweeperId,
    key: f.mediaKey,
  };
  if (name === 'id') return ids.find(([pattern]) => pattern.test(path))?.[1] ?? 'hostile';
  return byName[name] ?? 'hostile';
}

/** Every hostile request for one route: its path parameters, query and body, each attacked in turn. */
export function casesOf(method: string, path: string, spec: Spec, f: Fixtures): Case[] {
  const params = [...path.matchAll(/[:*](\w+)/g)].map((m) => m[1]!);
  const withParams = (override: Record<string, string> = {}) =>
    path.replace(/[:*](\w+)/g, (_m, name: string) => override[name] ?? defaultParam(path, name, f));
  const plain = withParams();
  /** Every field but `attacked` at its plausible value (made afresh: a username must be new each time). */
  const others = (attacked: string): Record<string, unknown> => {
    const values = spec.base?.(f) ?? {};
    const plausible = spec.fields
      .filter((k) => k !== attacked)
      .map((k) => [k, k in values ? values[k] : '1']);
    return Object.fromEntries(plausible);
  };
  const cases: Case[] = [];
  for (const name of params) {
    for (const segment of SEGMENTS)
      cases.push({ input: `:${name} = ${segment.slice(0, 40)}`, path: withParams({ [name]: segment }) });
  }
  const fields = spec.fields.filter((field) => !params.includes(field));
  const json = (data: string) => ({ type: 'application/json', data });
  if (method === 'GET') {
    const all = formEncode(others(''));
    for (const query of QUERIES)
      cases.push({ input: `?${query}`, path: plain, query: [query, ...all].join('&') });
    for (const field of fields) {
      const rest = formEncode(others(field));
      for (const attack of [`${field}[a]=1`, `${field}[]=1&${field}[]=2`, `${field}[][]=x`, `${field}=%00`]) {
        cases.push({ input: `?${attack}`, path: plain, query: [attack, ...rest].join('&') });
      }
      // Only a body can carry this many; GET reads its body's parameters too.
      const body = { [field]: MANY, ...others(field) };
      cases.push({ input: `JSON ${shown(body)}`, path: plain, body: json(JSON.stringify(body)) });
    }
    return cases;
  }
  for (const query of QUERIES) cases.push({ input: `?${query}`, path: plain, query });
  const form = (data: string) => ({ type: 'application/x-www-form-urlencoded', data });
  const multipart = (data: string) => ({ type: 'multipart/form-data; boundary=HOSTILE', data });
  for (const field of fields) {
    for (const wrong of WRONG_TYPES) {
      const body = { [field]: wrong, ...others(field) };
      cases.push({ input: `JSON ${shown(body)}`, path: plain, body: json(JSON.stringify(body)) });
    }
    const deep = `{${JSON.stringify(field)}:${DEEP},${JSON.stringify(others(field)).slice(1)}`;
    cases.push({
      input: `JSON {"${field}": [[[…100,000 deep…]]]}`,
      path: plain,
      body: json(deep.replace(/,}$/, '}')),
    });
    const rest = formEncode(others(field));
    for (const attack of [`${field}[b][c]=1`, `${field}=1&${field}=2`]) {
      cases.push({ input: `form ${attack}`, path: plain, body: form([attack, ...rest].join('&')) });
    }
  }
  cases.push(
    { input: 'JSON {"a":', path: plain, body: json('{"a":') },
    { input: 'JSON []', path: plain, body: json('[]') },
    {
      input: 'JSON __proto__',
      path: plain,
      body: json('{"__proto__":{"x":1},"constructor":{"prototype":{"x":1}}}'),
    },
    { input: 'form a[b][c]=1', path: plain, body: form('a[b][c]=1') },
    { input: 'form __proto__[x]=1', path: plain, body: form('__proto__[x]=1&a[0]=1&a[99999]=2') },
    { input: 'empty multipart', path: plain, body: multipart('--HOSTILE--\r\n') },
    {
      input: 'multipart: a file that lies (not a PNG) in every field, named ../../x.png',
      path: plain,
      body: multipart(fileParts([...fields, 'file'], '../../x.png', 'not a png')),
    },
    {
      input: 'multipart: a file named a\\u0000.png',
      path: plain,
      body: multipart(fileParts(['file'], 'a\u0000.png', 'not a png')),
    },
    { input: 'zero-length multipart', path: plain, body: multipart('') },
  );
  return cases;
}

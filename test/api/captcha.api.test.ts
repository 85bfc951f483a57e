import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NativeCaptcha } from '../../src/captcha/challenge.js';
import { appToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';

let t: TestApp;
let appBearer: string;
let now = new Date('2024-05-01T10:00:00.000Z');

beforeAll(async () => {
  t = await createTestApp({ env: { CAPTCHA_ENABLED: 'true' }, deps: { clock: () => now } });
  appBearer = `Bearer ${(await appToken(t)).token}`;
});
afterAll(() => t.close());

const captchaError = (reason: string) => ({ error: JSON.stringify({ captcha: [reason] }) });

async function newCaptcha(path = '/api/v1/pleroma/captcha'): Promise<NativeCaptcha> {
  const res = await request(t.app).get(path).expect(200);
  return res.body;
}

/** What a person reads off the picture: the test opens the sealed answer with the server's own key. */
const solve = (captcha: NativeCaptcha) => t.deps.captcha.open(captcha.token, captcha.answer_data)!.answer;

let users = 0;
function register(captcha: Partial<Record<string, unknown>>) {
  users += 1;
  return request(t.app)
    .post('/api/v1/accounts')
    .set('Authorization', appBearer)
    .send({ username: `cap${users}`, password: 'long enough', agreement: true, ...captcha });
}

const answer = (captcha: NativeCaptcha, solution = solve(captcha)) => ({
  captcha_token: captcha.token,
  captcha_answer_data: captcha.answer_data,
  captcha_solution: solution,
});

describe('GET /api/v1/pleroma/captcha (§1.2)', () => {
  it("answers Pleroma's native captcha with a PNG picture, also under /api/pleroma", async () => {
    for (const path of ['/api/v1/pleroma/captcha', '/api/pleroma/captcha']) {
      const captcha = await newCaptcha(path);
      expect(captcha).toEqual({
        type: 'native',
        token: expect.stringMatching(/^[\w-]{14}$/),
        url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/),
        answer_data: expect.any(String),
        seconds_valid: 300,
      });
      expect(captcha.answer_data).not.toContain(solve(captcha));
    }
  });

  it('answers {"type":"none"} when CAPTCHA_ENABLED=false', async () => {
    const off = await createTestApp();
    try {
      const res = await request(off.app).get('/api/v1/pleroma/captcha').expect(200);
      expect(res.body).toEqual({ type: 'none' });
    } finally {
      await off.close();
    }
  });
});

describe('registration with the captcha enabled', () => {
  it('registers with the right answer, in any case', async () => {
    const captcha = await newCaptcha();
    const res = await register(answer(captcha, solve(captcha).toLowerCase()));
    expect(res.status).toBe(200);
    expect(res.body.access_token).toEqual(expect.any(String));
  });

  it.each(['captcha_solution', 'captcha_token', 'captcha_answer_data'])(
    'refuses a missing %s, appending nothing',
    async (name) => {
      const captcha = await newCaptcha();
      const { [name]: _missing, ...rest } = answer(captcha) as Record<string, unknown>;
      await appendsNothing(t, async () => {
        const res = await register(rest);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(captchaError(`Invalid CAPTCHA (Missing parameter: ${name})`));
      });
    },
  );

  it('refuses answer data that is forged or belongs to another token, appending nothing', async () => {
    const [a, b] = [await newCaptcha(), await newCaptcha()];
    await appendsNothing(t, async () => {
      const forged = await register({ ...answer(a), captcha_answer_data: 'forged' });
      expect(forged.body).toEqual(captchaError('Invalid answer data'));
      const swapped = await register({ ...answer(a), captcha_answer_data: b.answer_data });
      expect(swapped.status).toBe(400);
      expect(swapped.body).toEqual(captchaError('Invalid answer data'));
    });
  });

  it('refuses an expired captcha, appending nothing', async () => {
    const captcha = await newCaptcha();
    now = new Date(now.getTime() + 301_000);
    await appendsNothing(t, async () => {
      const res = await register(answer(captcha));
      expect(res.status).toBe(400);
      expect(res.body).toEqual(captchaError('CAPTCHA expired'));
    });
  });

  it('refuses a wrong answer, and the token is spent by it', async () => {
    const captcha = await newCaptcha();
    const wrong = await register(answer(captcha, 'WRONG'));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual(captchaError('Invalid CAPTCHA'));
    const retried = await register(answer(captcha));
    expect(retried.body).toEqual(captchaError('CAPTCHA already used'));
  });

  it('refuses a token used for a registration already', async () => {
    const captcha = await newCaptcha();
    await register(answer(captcha)).expect(200);
    const reused = await register(answer(captcha));
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual(captchaError('CAPTCHA already used'));
  });

  it('lets one of two registrations racing with one token through', async () => {
    const captcha = await newCaptcha();
    const answers = await Promise.all([register(answer(captcha)), register(answer(captcha))]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 400]);
    expect(answers.find((res) => res.status === 400)!.body).toEqual(captchaError('CAPTCHA already used'));
  });
});

import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CAPTCHA_SECONDS_VALID, createCaptcha } from '../../src/captcha/challenge.js';
import {
  CAPTCHA_ALPHABET,
  CAPTCHA_HEIGHT,
  CAPTCHA_WIDTH,
  randomAnswer,
  renderCaptcha,
} from '../../src/captcha/image.js';
import { encodeGrayPng } from '../../src/captcha/png.js';
import { type CaptchaCommand, type CaptchaEvent, captchaDecider } from '../../src/domain/captcha/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

/** The chunks of a PNG, CRCs unchecked (zlib checks the data). */
function chunks(png: Buffer): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    found.set(type, png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  return found;
}

describe('captcha picture', () => {
  it('encodes a valid grayscale PNG', () => {
    const png = encodeGrayPng(3, 2, Uint8Array.from([0, 128, 255, 255, 128, 0]));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const parts = chunks(png);
    expect(parts.get('IHDR')!.readUInt32BE(0)).toBe(3);
    expect(parts.get('IHDR')!.readUInt32BE(4)).toBe(2);
    expect([...inflateSync(parts.get('IDAT')!)]).toEqual([0, 0, 128, 255, 0, 255, 128, 0]);
    expect(parts.has('IEND')).toBe(true);
  });

  it('draws the answer in dark pixels on a light picture of the stated size', () => {
    const png = renderCaptcha('AC349');
    const header = chunks(png).get('IHDR')!;
    expect([header.readUInt32BE(0), header.readUInt32BE(4)]).toEqual([CAPTCHA_WIDTH, CAPTCHA_HEIGHT]);
    const pixels = inflateSync(chunks(png).get('IDAT')!);
    const dark = [...pixels].filter((value, index) => index % (CAPTCHA_WIDTH + 1) !== 0 && value < 80);
    expect(dark.length).toBeGreaterThan(400);
  });

  it('makes five-character answers from the unambiguous alphabet', () => {
    for (let i = 0; i < 50; i++) {
      expect(randomAnswer()).toMatch(new RegExp(`^[${CAPTCHA_ALPHABET}]{5}$`));
    }
    expect(CAPTCHA_ALPHABET).not.toMatch(/[0O1IL2Z5S8B]/);
  });
});

describe('captcha answers', () => {
  const captcha = createCaptcha(Buffer.alloc(32, 7));
  const now = new Date('2024-05-01T10:00:00.000Z');

  it("issues Pleroma's native shape", () => {
    const challenge = captcha.issue(now);
    expect(challenge).toMatchObject({ type: 'native', seconds_valid: CAPTCHA_SECONDS_VALID });
    expect(challenge.token).toMatch(/^[A-Za-z0-9_-]{14}$/);
    expect(challenge.url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });

  it('opens its own answer data, with the time it was made', () => {
    const challenge = captcha.issue(now);
    const opened = captcha.open(challenge.token, challenge.answer_data);
    expect(opened?.at).toEqual(now);
    expect(opened?.answer).toMatch(/^[A-Z0-9]{5}$/);
    expect(challenge.answer_data).not.toContain(opened!.answer);
  });

  /**
   * One character of the sealed data changed, in the middle, where each carries six bits of it. Replacing its
   * last two characters with `AA`, as this test did, decodes to the same bytes when the data ends in a zero
   * byte: about one run in 256 failed.
   */
  const tampered = (data: string) => {
    const at = Math.floor(data.length / 2);
    return `${data.slice(0, at)}${data[at] === 'A' ? 'B' : 'A'}${data.slice(at + 1)}`;
  };

  it('refuses answer data moved to another token, tampered with, or sealed with another key', () => {
    const a = captcha.issue(now);
    const b = captcha.issue(now);
    expect(captcha.open(b.token, a.answer_data)).toBeNull();
    expect(captcha.open(a.token, tampered(a.answer_data))).toBeNull();
    expect(captcha.open(a.token, 'garbage')).toBeNull();
    expect(createCaptcha(Buffer.alloc(32, 8)).open(a.token, a.answer_data)).toBeNull();
  });
});

const used: CaptchaEvent = { type: 'CaptchaUsed', data: { token: 't' } };
const cases: DeciderCase<CaptchaCommand, CaptchaEvent>[] = [
  { name: 'a fresh token is spent', given: [], when: { type: 'UseCaptcha', token: 't' }, expected: [used] },
  {
    name: 'a spent token is refused as Pleroma words it',
    given: [used],
    when: { type: 'UseCaptcha', token: 't' },
    error: { status: 400, message: '{"captcha":["CAPTCHA already used"]}' },
  },
];

describe('captcha token decider', () => {
  it.each(cases)('$name', (testCase) => runCase(captchaDecider, testCase));
});

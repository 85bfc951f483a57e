import { randomInt } from 'node:crypto';
import { encodeGrayPng } from './png.js';

/**
 * The native captcha's picture: five characters drawn from a 5×7 bitmap font, each scaled, sheared and
 * displaced at random, over speckles and crossing lines. Characters that are easily confused (0/O, 1/I/L,
 * 2/Z, 5/S, 8/B, G/6) are left out of the alphabet.
 */
const GLYPHS: Record<string, string> = {
  A: '.###.|#...#|#...#|#####|#...#|#...#|#...#',
  C: '.###.|#...#|#....|#....|#....|#...#|.###.',
  D: '####.|#...#|#...#|#...#|#...#|#...#|####.',
  E: '#####|#....|#....|####.|#....|#....|#####',
  F: '#####|#....|#....|####.|#....|#....|#....',
  H: '#...#|#...#|#...#|#####|#...#|#...#|#...#',
  J: '..###|...#.|...#.|...#.|...#.|#..#.|.##..',
  K: '#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#',
  M: '#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#',
  N: '#...#|#...#|##..#|#.#.#|#..##|#...#|#...#',
  P: '####.|#...#|#...#|####.|#....|#....|#....',
  R: '####.|#...#|#...#|####.|#.#..|#..#.|#...#',
  T: '#####|..#..|..#..|..#..|..#..|..#..|..#..',
  U: '#...#|#...#|#...#|#...#|#...#|#...#|.###.',
  V: '#...#|#...#|#...#|#...#|#...#|.#.#.|..#..',
  W: '#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.',
  X: '#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#',
  Y: '#...#|#...#|.#.#.|..#..|..#..|..#..|..#..',
  '3': '#####|...#.|..#..|...#.|....#|#...#|.###.',
  '4': '...#.|..##.|.#.#.|#..#.|#####|...#.|...#.',
  '7': '#####|....#|...#.|..#..|.#...|.#...|.#...',
  '9': '.###.|#...#|#...#|.####|....#|...#.|.##..',
};

export const CAPTCHA_ALPHABET = Object.keys(GLYPHS).join('');
export const CAPTCHA_LENGTH = 5;
export const CAPTCHA_WIDTH = 200;
export const CAPTCHA_HEIGHT = 70;

/** A fresh answer, from the CSPRNG: it is the secret the picture stands for. */
export function randomAnswer(length = CAPTCHA_LENGTH): string {
  return Array.from({ length }, () => CAPTCHA_ALPHABET[randomInt(CAPTCHA_ALPHABET.length)]).join('');
}

class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height).fill(255);
  }

  dot(x: number, y: number, shade: number): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    const index = py * this.width + px;
    this.pixels[index] = Math.min(this.pixels[index]!, shade);
  }

  line(x0: number, y0: number, x1: number, y1: number, shade: number): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
    for (let i = 0; i <= steps; i++) {
      this.dot(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps, shade);
    }
  }
}

/** The PNG of `answer`; `random` only jitters the drawing (tests may fix it). */
export function renderCaptcha(answer: string, random: () => number = Math.random): Buffer {
  const canvas = new Canvas(CAPTCHA_WIDTH, CAPTCHA_HEIGHT);
  const between = (low: number, high: number) => low + random() * (high - low);
  for (let i = 0; i < 600; i++) {
    canvas.dot(between(0, canvas.width), between(0, canvas.height), between(120, 230));
  }
  const cell = 36;
  [...answer].forEach((char, index) => {
    const rows = GLYPHS[char]?.split('|');
    if (!rows) throw new Error(`No glyph for ${char}`);
    const scale = between(4.2, 5.2);
    const shear = between(-0.35, 0.35);
    const left = 12 + index * cell + between(-3, 3);
    const top = between(8, 22);
    const shade = between(0, 70);
    rows.forEach((row, y) => {
      [...row].forEach((bit, x) => {
        if (bit !== '#') return;
        const ox = left + x * scale + (3 - y) * shear * scale;
        const oy = top + y * scale;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) canvas.dot(ox + dx, oy + dy, shade);
        }
      });
    });
  });
  for (let i = 0; i < 4; i++) {
    const y0 = between(0, canvas.height);
    const y1 = between(0, canvas.height);
    canvas.line(0, y0, canvas.width - 1, y1, between(40, 110));
  }
  return encodeGrayPng(canvas.width, canvas.height, canvas.pixels);
}

import { describe, expect, it } from 'vitest';
import {
  checkSettings,
  depthOf,
  mergeSettings,
  sameJson,
  settingsLimits,
} from '../../src/domain/account/settings.js';
import { DomainError } from '../../src/domain/shared/errors.js';

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

const nested = (levels: number): unknown => (levels === 0 ? 1 : { a: nested(levels - 1) });

describe('settings store merge (§5.7)', () => {
  it("follows Pleroma's example: nulls remove, objects merge recursively", () => {
    const old = { foo: 'bar', nested: { 1: '2' } };
    expect(mergeSettings(old, { foo: null, bar: null, nested: { 1: null, 3: null } })).toEqual({
      nested: {},
    });
  });

  it('replaces scalars and arrays, and merges into a non-object as into {}', () => {
    const old = { list: [1, 2], n: 1, s: 'x', obj: { keep: true } };
    expect(mergeSettings(old, { list: [3], n: { deep: { x: null, y: 1 } }, obj: { add: [] } })).toEqual({
      list: [3],
      n: { deep: { y: 1 } },
      s: 'x',
      obj: { keep: true, add: [] },
    });
  });

  it('leaves the old object untouched', () => {
    const old = { a: { b: 1 } };
    mergeSettings(old, { a: { b: 2 } });
    expect(old).toEqual({ a: { b: 1 } });
  });

  it('keeps a __proto__ key as data', () => {
    const merged = mergeSettings({}, JSON.parse('{"__proto__":{"polluted":true}}'));
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('compares JSON structurally', () => {
    expect(sameJson({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(sameJson({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });

  it('measures depth', () => {
    expect(depthOf(1)).toBe(0);
    expect(depthOf({})).toBe(1);
    expect(depthOf({ a: [{ b: 1 }] })).toBe(3);
  });
});

describe('settings limits', () => {
  it('accepts an object within the limits', () => {
    expect(() => checkSettings('soapbox_fe', nested(settingsLimits.depth))).not.toThrow();
  });

  it.each([
    ['an array', []],
    ['a string', 'x'],
    ['null', null],
  ])('refuses %s with a 400', (_name, value) => {
    expect(refusal(() => checkSettings('app', value))).toMatchObject({
      status: 400,
      code: 'invalid_settings',
    });
  });

  it('refuses nesting past the limit', () => {
    const error = refusal(() => checkSettings('app', nested(settingsLimits.depth + 1)));
    expect(error.status).toBe(400);
  });

  it('refuses an object past the size limit with a 413', () => {
    const error = refusal(() => checkSettings('app', { big: 'x'.repeat(settingsLimits.bytes) }));
    expect(error).toMatchObject({ status: 413, code: 'settings_too_large' });
  });

  it('refuses a blank or overlong app name', () => {
    expect(refusal(() => checkSettings(' ', {})).status).toBe(400);
    expect(refusal(() => checkSettings('a'.repeat(settingsLimits.appName + 1), {})).status).toBe(400);
  });
});

import { expect } from 'vitest';
import type { Decider, DomainEvent } from '../../src/domain/shared/decider.js';
import { fold } from '../../src/domain/shared/decider.js';
import { DomainError } from '../../src/domain/shared/errors.js';

/** One row of a given/when/then table: the expected events (`expected`), or the expected domain error. */
export interface DeciderCase<Command, Event extends DomainEvent> {
  name: string;
  given: Event[];
  when: Command;
  expected?: Event[];
  error?: { code?: string; status?: number; message?: string };
}

/** Runs one given/when/then case against a pure decider (practice 2). */
export function runCase<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  testCase: DeciderCase<Command, Event>,
): void {
  const state = fold(decider, testCase.given);
  if (testCase.error) {
    let thrown: unknown;
    try {
      decider.decide(testCase.when, state);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject(testCase.error);
    return;
  }
  expect(decider.decide(testCase.when, state)).toEqual(testCase.expected ?? []);
}

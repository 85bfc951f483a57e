import type { Request } from 'express';
import type { z } from 'zod';
import { DomainError } from '../../domain/shared/errors.js';

/** Pleroma's CastAndValidate failure (§0.4): 400 with the messages joined by a space. */
export class ValidationError extends DomainError {
  constructor(readonly messages: { field: string; message: string }[]) {
    super('validation_failed', messages.map((m) => m.message).join(' '), 400, {
      errors: messages.map((m) => ({
        title: 'Invalid value',
        source: { pointer: `/${m.field}` },
        message: m.message,
      })),
    });
  }
}

/** What a §0.4 message shows of a value: at most as much as Elixir's `inspect` prints (4,096 characters). */
const SHOWN_MAX = 4096;

/** `<field> - Invalid <type>. Got: <value>.`, the value shown as JSON and cut past SHOWN_MAX characters. */
export function invalidValue(
  field: string,
  type: string,
  value: unknown,
): { field: string; message: string } {
  const shown = JSON.stringify(value) ?? String(value);
  const cut = shown.length > SHOWN_MAX ? `${shown.slice(0, SHOWN_MAX)}...` : shown;
  return { field, message: `${field} - Invalid ${type}. Got: ${cut}.` };
}

function describe(
  issue: z.core.$ZodIssue,
  input: Record<string, unknown>,
): { field: string; message: string } {
  const field = issue.path.map(String).join('.') || 'body';
  const value = issue.path.reduce<unknown>(
    (node, key) =>
      node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    input,
  );
  if (value === undefined) return { field, message: `Missing field: ${field}.` };
  if (issue.code === 'invalid_type') return invalidValue(field, issue.expected, value);
  return { field, message: `${field} - ${issue.message}.` };
}

/**
 * The request's parameters from every place a client may put them (Mastodon convention): query string,
 * JSON, urlencoded or multipart body, and the path. Later sources win, the path last.
 */
export function requestInput(req: Request): Record<string, unknown> {
  const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {};
  return { ...(req.query as Record<string, unknown>), ...body, ...req.params };
}

/** Parses the request's input with a zod schema or throws a Pleroma-shaped 400. */
export function validate<Schema extends z.ZodType>(schema: Schema, req: Request): z.infer<Schema> {
  const input = requestInput(req);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(parsed.error.issues.map((issue) => describe(issue, input)));
}

/**
 * A refusal the domain or a use case makes on purpose. The HTTP layer maps `status` and `message` to
 * Pleroma's `{"error": message}` body; `code` is stable for tests and logs.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (message = 'Record not found') => new DomainError('not_found', message, 404);
export const forbidden = (message: string) => new DomainError('forbidden', message, 403);
export const unprocessable = (message: string) => new DomainError('unprocessable', message, 422);
export const badRequest = (message: string) => new DomainError('bad_request', message, 400);

/** Exhaustiveness check: a new event or command type fails to compile until it is handled. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

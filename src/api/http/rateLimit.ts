import { DomainError } from '../../domain/shared/errors.js';

/**
 * A fixed-window counter per key, in this process's memory, like Pleroma's RateLimiter (which keeps its
 * buckets in a node-local cache). Good for endpoints where a limit protects mailboxes and the mail server
 * rather than secrets; keys are evicted once their window ends.
 */
export interface RateLimiter {
  /** Counts one hit for every key; throws 429 `{"error":"Throttled"}` when any key is over its limit. */
  hit(keys: readonly string[], now: number): void;
}

export const throttled = () => new DomainError('throttled', 'Throttled', 429);

export function createRateLimiter(options: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
}): RateLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  const maxKeys = options.maxKeys ?? 100_000;

  const sweep = (now: number) => {
    for (const [key, window] of windows) if (window.endsAt <= now) windows.delete(key);
    // Still full (a flood of distinct keys): forget the oldest rather than grow without bound.
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  };

  return {
    hit(keys, now) {
      if (windows.size >= maxKeys) sweep(now);
      const current = keys.map((key) => {
        const window = windows.get(key);
        return window && window.endsAt > now ? window : { count: 0, endsAt: now + options.windowMs };
      });
      if (current.some((window) => window.count >= options.limit)) throw throttled();
      keys.forEach((key, index) => {
        const window = current[index]!;
        windows.set(key, { count: window.count + 1, endsAt: window.endsAt });
      });
    },
  };
}

import type { Request, RequestHandler } from 'express';
import { invalidValue, ValidationError } from './validate.js';

type Issue = { field: string; message: string };
/** A value met walking the input, and the way to it (kept as links: the input may nest very deep). */
type Node = { value: unknown; depth: number; key?: string; parent?: Node };

const NUL = '\u0000';
/** Half of a UTF-16 surrogate pair on its own: a JSON `\ud800` escape parses to one. */
const LONE_SURROGATE = /\p{Cs}/u;
const unstorable = (text: string) => text.includes(NUL) || LONE_SURROGATE.test(text);
/**
 * Deepest nesting of objects and arrays a body may have: far beyond any real parameter (the settings store,
 * the deepest, allows 16 under its app), far below where recursive code (JSON.stringify, zod, the handlers)
 * runs out of stack. A JSON body of 1 MB can nest 500,000 deep; that was a 500.
 */
export const MAX_INPUT_DEPTH = 100;

/** The key path to a node as a message shows it: NULs and other control characters escaped. */
function fieldOf(node: Node): string {
  const keys: string[] = [];
  for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return JSON.stringify(keys.reverse().join('.')).slice(1, -1);
}

/** The top-level parameter a node belongs to ('body' for the body itself). */
function parameterOf(node: Node): string {
  let at = node;
  while (at.parent?.key !== undefined) at = at.parent;
  return at.key === undefined ? 'body' : JSON.stringify(at.key).slice(1, -1);
}

/**
 * What no handler can be given, in parsed input, as §0.4 messages (the first few suffice): a NUL or a lone
 * surrogate in a key or a string, and nesting past MAX_INPUT_DEPTH. Walked with a stack of its own, not by recursion.
 */
function collect(root: unknown, issues: Issue[]): void {
  const stack: Node[] = [{ value: root, depth: 0 }];
  while (stack.length > 0 && issues.length < 5) {
    const node = stack.pop()!;
    const { value, depth } = node;
    if (typeof value === 'string') {
      if (!unstorable(value)) continue;
      issues.push(invalidValue(fieldOf(node), 'string', value));
    } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
      if (depth >= MAX_INPUT_DEPTH) {
        const field = parameterOf(node);
        issues.push({ field, message: `${field} - nests more than ${MAX_INPUT_DEPTH} levels deep.` });
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        const child = { value: item, depth: depth + 1, key, parent: node };
        if (!unstorable(key)) stack.push(child);
        else issues.push({ field: fieldOf(child), message: `Unexpected field: ${fieldOf(child)}.` });
      }
    }
  }
}

/**
 * §9's routes answer a bad status id or emoji in their own words ("Could not add reaction emoji", or an empty
 * list), a NUL in either included: their handlers check both before any query.
 */
const REACTION_ROUTE = /^\/api(?:\/v1)?\/pleroma\/statuses\/[^/]*\/reactions(?:\/[^/]*)?\/?$/;

function issuesOf(req: Request): Issue[] {
  const issues: Issue[] = [];
  // Node refuses raw NUL bytes in a request line, so a path holds one only percent-encoded.
  if (/%00/i.test(req.path) && !REACTION_ROUTE.test(req.path)) {
    let path = req.path;
    try {
      path = decodeURIComponent(path);
    } catch {
      // Malformed elsewhere too: the router answers that itself; the NUL is reason enough here.
    }
    issues.push(invalidValue('path', 'string', path));
  }
  collect(req.query, issues);
  collect(req.body, issues);
  const files = Array.isArray(req.files) ? req.files : [];
  for (const file of files) collect({ [file.fieldname]: file.originalname }, issues);
  return issues;
}

/**
 * Input refused once parsed, as the 400 of a bad parameter, before any handler sees it. PostgreSQL text cannot
 * hold U+0000 and jsonb refuses its `\u0000` escape, so a NUL anywhere (path, query, body keys or values,
 * upload names) ended in a failed query or event append. A lone surrogate (`\ud800` in JSON) did too: jsonb
 * refuses its escape in an event. A body nested hundreds of thousands deep overflowed the stack of whatever
 * walked it. All were 500s; no client has a use for any of them.
 */
export const refuseUnsafeInput: RequestHandler = (req, _res, next) => {
  const issues = issuesOf(req);
  next(issues.length > 0 ? new ValidationError(issues) : undefined);
};

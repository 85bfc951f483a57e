import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS as Pleroma's endpoint answers it (its cors_plug settings), so browser clients served from other origins
 * (Soapbox, Pleroma-FE elsewhere) can call the API: any origin, the methods and request headers clients send,
 * the headers they read exposed (Link for pagination; of Pleroma's list, those this server sends), preflights
 * cached for a day.
 * Every OPTIONS request, preflight or not, is answered here: 204, no body.
 */
export function crossOrigin(): RequestHandler {
  return cors({
    origin: true,
    credentials: true,
    methods: ['POST', 'PUT', 'DELETE', 'GET', 'PATCH', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    exposedHeaders: ['Link', 'Idempotency-Key'],
    maxAge: 86_400,
  });
}

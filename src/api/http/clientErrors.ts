import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** Statuses for the errors Node's HTTP parser raises before a request reaches express. */
const STATUS_BY_CODE: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'Request headers or URL too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'Request timeout'],
};
const BAD_REQUEST: [number, string, string] = [400, 'Bad Request', 'Bad request'];

/**
 * Every response is JSON (practice 9), including those Node's HTTP server writes itself for a request it could
 * not parse (a URL or headers past its 16 KB limit, malformed framing): by default these have an empty body.
 * Pleroma's error shape, `{"error": …}`, and the connection closed, as Node does.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const [status, reason, message] = STATUS_BY_CODE[error.code ?? ''] ?? BAD_REQUEST;
    const body = JSON.stringify({ error: message });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

import { type Server } from 'node:http';
import { type Duplex } from 'node:stream';

/** The error body every Wick answer has (`{ error: { status, message } }`), written straight to the socket. */
function refusal(status: number, reason: string, message: string): string {
  const body = JSON.stringify({ error: { status, message } });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * CONNECT and protocol upgrades (WebSocket) never reach a request handler: with no listener for them Node closes the
 * connection without a word. A server that takes neither answers them, so every request gets an answer.
 */
export function answerTunnelsAndUpgrades(server: Server): void {
  const answer = (text: string) => (_req: unknown, socket: Duplex) => {
    socket.on('error', () => {});
    socket.end(text);
  };
  server.on('connect', answer(refusal(405, 'Method Not Allowed', 'CONNECT is not served here')));
  server.on('upgrade', answer(refusal(400, 'Bad Request', 'protocol upgrades (WebSocket) are not served here')));
}

import type { Socket } from 'node:net';

/** What one simulated client received, counted at the WebSocket layer. */
export class TransportStats {
  /** WebSocket messages received (after permessage-deflate, one per frame sequence). */
  messagesIn = 0;
  /** Payload bytes of those messages, uncompressed. */
  payloadBytesIn = 0;
  /** Sockets closed or failed that the client did not close itself. */
  failures = 0;
  /** The last socket error, e.g. `Unexpected server response: 401` for a refused upgrade. */
  lastError: string | null = null;
  private readonly sockets: Socket[] = [];

  attachSocket(socket: Socket): void {
    this.sockets.push(socket);
  }

  /** Bytes read from TCP, including the HTTP upgrade response and frame headers. */
  get wireBytesIn(): number {
    let total = 0;
    for (const socket of this.sockets) total += socket.bytesRead;
    return total;
  }
}

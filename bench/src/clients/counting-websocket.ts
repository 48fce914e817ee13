import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { TransportStats } from './transport-stats';

export interface WebSocketOptions {
  /** Offer permessage-deflate in the handshake, as browsers do. */
  isDeflateOffered: boolean;
}

/**
 * A `ws` WebSocket class for one simulated client: counts the messages and bytes it receives into
 * `stats`. Providers construct it with `new WebSocketPolyfill(url, protocols)`.
 */
export type WebSocketClass = new (address: string | URL, protocols?: string | string[]) => WebSocket;

export function createCountingWebSocket(stats: TransportStats, options: WebSocketOptions): WebSocketClass {
  return class CountingWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { perMessageDeflate: options.isDeflateOffered });
      this.on('upgrade', (response: IncomingMessage) => stats.attachSocket(response.socket));
      this.on('error', (error: Error) => {
        stats.lastError = error.message;
      });
      this.on('message', (data: WebSocket.RawData) => {
        stats.messagesIn += 1;
        stats.payloadBytesIn += rawDataLength(data);
      });
    }
  };
}

function rawDataLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}

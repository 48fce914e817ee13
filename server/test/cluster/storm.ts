import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { randomEdit, seeded } from './cluster-fixture';

/** Clients editing one text at random until stopped; each edit is a few characters. */
export function startStorm(
  clients: readonly WebsocketProvider[],
  seed: number,
  everyMs = 25,
): { stop(): void } {
  const random = seeded(seed);
  let round = 0;
  const timer = setInterval(() => {
    round += 1;
    for (const [index, client] of clients.entries()) {
      if (random() < 0.5) randomEdit(client.doc.getText('t'), random, `c${index}r${round}`);
    }
  }, everyMs);
  return { stop: () => clearInterval(timer) };
}

/** Whether every client holds the same document (state vector and delete set). */
export function haveConverged(clients: readonly WebsocketProvider[]): boolean {
  const reference = Y.snapshot(clients[0]!.doc);
  return clients.every((client) => Y.equalSnapshots(Y.snapshot(client.doc), reference));
}

/** What the clients disagree on, for a failed poll's message. */
export function divergence(clients: readonly WebsocketProvider[]): string {
  return clients
    .map((client, index) => `c${index}:${client.doc.getText('t').length}${client.wsconnected ? '' : '(off)'}`)
    .join(' ');
}

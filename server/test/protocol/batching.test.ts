import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  Feature,
  MessageType,
  SyncStep,
  decodeMessage,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeBatch,
  encodeHello,
  encodeUpdate,
  type Message,
} from '@wethink/shared';
import { RawClient } from '../clients';
import { startTestServer, uniqueDocName, type TestServer } from '../start-test-server';

let server: TestServer;
afterEach(async () => {
  await server.stop();
});

async function joined(url: string): Promise<RawClient> {
  const client = await RawClient.open(url);
  await client.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
  return client;
}

/** A keystroke and its cursor move: one batch frame from a wethink client, two frames from a stock one. */
function keystroke(author: RawClient, doc: Y.Doc, clock: number, options: { asBatch: boolean }): void {
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(0, 'k');
  const update = encodeUpdate(Y.encodeStateAsUpdate(doc, before));
  const state = JSON.stringify({ step: clock });
  const awareness = encodeAwareness(encodeAwarenessUpdate([{ clientId: doc.clientID, clock, state }]));
  if (options.asBatch) {
    author.send(encodeBatch([update, awareness]));
  } else {
    author.send(update);
    author.send(awareness);
  }
}

describe('batch frames', () => {
  it('closes with 4400 on a batch nested in a batch', async () => {
    server = await startTestServer();
    const client = await joined(await server.urlFor(uniqueDocName()));
    client.send(encodeBatch([encodeBatch([])]));
    expect((await client.untilClosed()).code).toBe(4400);
  });

  it('sends a batch-capable watcher one frame holding the update and the cursor move', async () => {
    server = await startTestServer();
    const url = await server.urlFor(uniqueDocName());
    const watcher = await joined(url);
    watcher.send(encodeHello(Feature.batch));
    const author = await joined(url);
    keystroke(author, new Y.Doc(), 1, { asBatch: true });
    const batch = await watcher.nextMessage(
      (m): m is Extract<Message, { type: 103 }> => m.type === MessageType.batch,
    );
    const inner = batch.frames.map((frame) => decodeMessage(frame).type);
    expect(inner).toEqual([MessageType.sync, MessageType.awareness]);
    expect(
      watcher.messages.filter((m) => m.type === MessageType.sync && m.step === SyncStep.update),
    ).toHaveLength(0);
    author.close();
    watcher.close();
  });

  it('sends a stock watcher the same content as separate frames and never a batch', async () => {
    server = await startTestServer();
    const url = await server.urlFor(uniqueDocName());
    const watcher = await joined(url);
    const author = await joined(url);
    keystroke(author, new Y.Doc(), 1, { asBatch: false });
    await watcher.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.update);
    await watcher.nextMessage((m) => m.type === MessageType.awareness);
    expect(watcher.messages.some((m) => m.type === MessageType.batch)).toBe(false);
    author.close();
    watcher.close();
  });
});

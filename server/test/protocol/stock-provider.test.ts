import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { connectProvider, untilSynced, waitFor } from '../clients';
import { startTestServer, uniqueDocName, type TestMember, type TestServer } from '../start-test-server';

let server: TestServer;
const providers: WebsocketProvider[] = [];

function open(docName: string, member?: TestMember): WebsocketProvider {
  const provider = connectProvider(server, docName, undefined, member);
  providers.push(provider);
  return provider;
}

const text = (provider: WebsocketProvider): string => provider.doc.getText('t').toString();

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server.stop();
});

describe('the stock y-websocket provider', () => {
  it('syncs two clients both ways', async () => {
    const name = uniqueDocName();
    const [a, b] = [open(name), open(name)];
    await Promise.all([untilSynced(a), untilSynced(b)]);
    a.doc.getText('t').insert(0, 'hello');
    await waitFor(() => text(b) === 'hello', 'b to see a');
    b.doc.getText('t').insert(5, ' world');
    await waitFor(() => text(a) === 'hello world', 'a to see b');
  });

  it('converges ten clients typing at once', async () => {
    const name = uniqueDocName();
    const clients = Array.from({ length: 10 }, () => open(name));
    await Promise.all(clients.map((c) => untilSynced(c)));
    clients.forEach((client, i) => {
      for (let k = 0; k < 5; k++) client.doc.getText('t').insert(0, `${i}:${k};`);
    });
    const expectedLength = clients.reduce((sum, _c, i) => sum + 5 * `${i}:0;`.length, 0);
    await waitFor(
      () => clients.every((c) => text(c).length === expectedLength),
      'all ten to have every edit',
    );
    expect(new Set(clients.map(text)).size).toBe(1);
  });

  it('gives a late joiner the full state', async () => {
    const name = uniqueDocName();
    const a = open(name);
    await untilSynced(a);
    a.doc.getText('t').insert(0, 'written before you came');
    await waitFor(
      () =>
        server.registry
          .peek(name as never)
          ?.doc.getText('t')
          .toString() === 'written before you came',
      'server',
    );
    const late = open(name);
    await untilSynced(late);
    expect(text(late)).toBe('written before you came');
  });

  it('shows awareness to others and removes it when the connection closes', async () => {
    const name = uniqueDocName();
    const a = open(name, { user: 'Ada' });
    const b = open(name);
    await Promise.all([untilSynced(a), untilSynced(b)]);
    // The server stamps the account's identity: what the client claims is overwritten.
    a.awareness.setLocalStateField('user', { name: 'Mallory' });
    const aId = a.doc.clientID;
    await waitFor(
      () =>
        (b.awareness.getStates().get(aId) as { user?: { name: string } } | undefined)?.user?.name === 'Ada',
      'b to see Ada',
    );
    a.ws?.close();
    a.shouldConnect = false;
    await waitFor(() => !b.awareness.getStates().has(aId), 'Ada to disappear for b');
  });

  it('merges edits made on both sides while one client was offline', async () => {
    const name = uniqueDocName();
    const [a, b] = [open(name), open(name)];
    await Promise.all([untilSynced(a), untilSynced(b)]);
    a.doc.getText('t').insert(0, 'shared start. ');
    await waitFor(() => text(b) === 'shared start. ', 'b to see the start');
    b.disconnect();
    b.doc.getText('t').insert(text(b).length, 'offline edit. ');
    a.doc.getText('t').insert(0, 'online edit. ');
    await waitFor(
      () =>
        server.registry
          .peek(name as never)
          ?.doc.getText('t')
          .toString()
          .includes('online edit') === true,
      'server to have the online edit',
    );
    b.connect();
    await waitFor(
      () => text(a) === text(b) && text(a).includes('offline edit') && text(a).includes('online edit'),
      'both to merge',
    );
    expect(text(a)).toBe('online edit. shared start. offline edit. ');
  });

  it('keeps one room for two concurrent opens of a document', async () => {
    const name = uniqueDocName();
    const [a, b] = [open(name), open(name)];
    await Promise.all([untilSynced(a), untilSynced(b)]);
    expect(server.registry.peek(name as never)?.peers.size).toBe(2);
  });
});

describe('doc shapes', () => {
  it('syncs an XmlFragment the way y-prosemirror uses it', async () => {
    const name = uniqueDocName();
    const [a, b] = [open(name), open(name)];
    await Promise.all([untilSynced(a), untilSynced(b)]);
    const para = new Y.XmlElement('paragraph');
    para.insert(0, [new Y.XmlText('Chapter one')]);
    a.doc.getXmlFragment('prosemirror').insert(0, [para]);
    await waitFor(
      () => b.doc.getXmlFragment('prosemirror').toString().includes('Chapter one'),
      'b to see the paragraph',
    );
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectProvider, untilSynced } from '../clients';
import { makeTempDir, startTestServer, uniqueDocName, type TestServer } from '../start-test-server';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('HTTP routes', () => {
  it('answers /healthz with 200', async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('exposes Prometheus metrics that count rooms, connections and updates', async () => {
    server = await startTestServer();
    const provider = connectProvider(server, uniqueDocName());
    await untilSynced(provider);
    provider.doc.getText('t').insert(0, 'counted');
    const read = async () => (await fetch(`${server!.url}/metrics`)).text();
    let body = await read();
    for (let i = 0; i < 200 && !/wethink_updates_total [1-9]/.test(body); i++) body = await read();
    // The chapter, and its book's index (read to check the chapter was not purged).
    expect(body).toMatch(/^wethink_rooms 2$/m);
    expect(body).toMatch(/^wethink_connections 1$/m);
    expect(body).toMatch(/^wethink_updates_total [1-9]/m);
    expect(body).toContain('wethink_storage_seconds_bucket{le="0.001",op="append"}');
    provider.destroy();
  });

  it('serves the built client with an SPA fallback for deep links', async () => {
    const dist = makeTempDir();
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>wethink test shell</title>');
    server = await startTestServer({ CLIENT_DIST: dist });
    const root = await fetch(`${server.url}/`);
    expect(await root.text()).toContain('wethink test shell');
    const deep = await fetch(`${server.url}/books/b1/chapters/c1`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('wethink test shell');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../src/config';
import { silentLogger, type Logger } from '../src/logger';
import { startServer, type RunningServer } from '../src/server';
import type { DocumentStore } from '../src/storage/document-store';

/** Config as `main.ts` would build it, from env-style overrides; port 0 and a temp data dir by default. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: makeTempDir(), LOG_LEVEL: 'silent', ...env });
}

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'wethink-test-'));
}

export interface TestServer extends RunningServer {
  config: Config;
  /** `ws://host:port/sync`: y-websocket appends `/<doc name>`. */
  syncUrl: string;
}

/** A real server on a free port with a real SQLite file (or the given store). */
export async function startTestServer(
  env: Record<string, string> = {},
  deps: { logger?: Logger; store?: DocumentStore } = {},
): Promise<TestServer> {
  const config = testConfig(env);
  const server = await startServer(config, {
    logger: deps.logger ?? silentLogger,
    ...(deps.store ? { store: deps.store } : {}),
  });
  return { ...server, config, syncUrl: `ws://127.0.0.1:${server.port}/sync` };
}

let docCounter = 0;
/** A document name no other test uses. */
export function uniqueDocName(prefix = 'book'): string {
  docCounter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${docCounter}/chapter-1`;
}

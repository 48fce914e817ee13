import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageType, SyncStep } from '@wethink/shared';
import { RawClient } from './clients';
import { startTestServer, type TestServer } from './start-test-server';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

let server: TestServer;
afterEach(async () => {
  await server.stop();
});

/** Runs the admin CLI on the server's own data dir; resolves with stdout, rejects with stderr. */
async function wethink(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: serverDir,
    env: { ...process.env, DATA_DIR: server.config.dataDir, LOG_LEVEL: 'silent' },
  });
  return stdout.trim();
}

describe('the admin CLI', () => {
  it('creates a user and a book and mints a token the running server accepts', async () => {
    server = await startTestServer();
    const userId = await wethink(
      'user',
      'add',
      '--email',
      'ada@example.org',
      '--name',
      'Ada',
      '--password',
      'long enough',
    );
    expect(userId).toMatch(/^u_/);
    expect(
      await wethink('book', 'add', '--owner', 'ada@example.org', '--title', 'We-Think', '--id', 'book-1'),
    ).toBe('book-1');
    const token = await wethink('token', '--book', 'book-1', '--email', 'ada@example.org', '--ttl', '60');
    const raw = await RawClient.open(`${server.syncUrl}/book-1/chapter-1?token=${token}`);
    await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
    raw.close();
  }, 30_000);

  it('fails with a message and exit code 1 for an unknown user or a bad role', async () => {
    server = await startTestServer();
    await expect(wethink('token', '--book', 'book-1', '--email', 'nobody@example.org')).rejects.toMatchObject(
      {
        code: 1,
        stderr: expect.stringContaining('no user with email nobody@example.org'),
      },
    );
    await expect(
      wethink('member', 'set', '--book', 'book-1', '--email', 'x@example.org', '--role', 'boss'),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('Allowed choices are owner, author, reviewer, reader'),
    });
  }, 30_000);
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startTestServer, type TestServer } from '../start-test-server';
import { writtenBook } from './export-fixture';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

describe('wethink export', () => {
  let server: TestServer;
  let bookId: string;
  const out = makeTempDir();

  /** The admin CLI on the stopped server's storage; resolves with stdout, rejects with code and stderr. */
  const wethink = async (...args: string[]): Promise<string> => {
    const storage =
      server.config.storage === 'postgres'
        ? { STORAGE: 'postgres', DATABASE_URL: server.config.postgres!.databaseUrl }
        : {};
    const env = { ...process.env, DATA_DIR: server.config.dataDir, LOG_LEVEL: 'silent', ...storage };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: serverDir,
      env,
    });
    return stdout.trim();
  };

  beforeAll(async () => {
    server = await startTestServer();
    const cleanups: (() => unknown)[] = [];
    ({ bookId } = await writtenBook(server, cleanups));
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server.stop();
  }, 30_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('writes the stored book as Markdown and as EPUB', async () => {
    const markdown = path.join(out, 'book.md');
    expect(await wethink('export', '--book', bookId, '--format', 'md', '--out', markdown)).toMatch(
      /book\.md \d+$/,
    );
    const text = fs.readFileSync(markdown, 'utf8');
    expect(text).toContain('# Beginnings\n');
    expect(text).toContain('Arthur writes the second chapter');
    expect(text).toMatch(/- \{ name: "Reviewer", role: "reviewer", comments: 1, suggestions-accepted: 0 \}/);
    const epub = path.join(out, 'book.epub');
    await wethink('export', '--book', bookId, '--format', 'epub', '--out', epub);
    expect(Object.keys(unzipSync(fs.readFileSync(epub)))).toContain('OEBPS/chapter-002.xhtml');
  }, 30_000);

  it('exits 1 with a message and writes nothing for an unknown book or format', async () => {
    const file = path.join(out, 'nothing.epub');
    await expect(
      wethink('export', '--book', 'no-such-book', '--format', 'epub', '--out', file),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no book no-such-book'),
    });
    await expect(wethink('export', '--book', bookId, '--format', 'rtf', '--out', file)).rejects.toMatchObject(
      {
        code: 1,
        stderr: expect.stringContaining('unknown export format "rtf"'),
      },
    );
    expect(fs.existsSync(file)).toBe(false);
  }, 30_000);

  it('takes the export options as flags: comments as an appendix, Markdown as a zip of chapters', async () => {
    const zip = path.join(out, 'book.zip');
    await wethink(
      'export',
      ...['--book', bookId, '--format', 'md', '--out', zip],
      ...['--comments', 'appendix', '--markdown', 'zip'],
    );
    const files = unzipSync(fs.readFileSync(zip));
    expect(Object.keys(files)).toEqual(['01-beginnings.md', '02-endings.md', 'book.md', 'comments.md']);
    expect(new TextDecoder().decode(files['comments.md'])).toContain(
      '- **Reviewer**: Is "Olive" right here?',
    );
    expect(new TextDecoder().decode(files['book.md'])).toContain('comments-included: true');
  }, 30_000);

  it('exits 1 and writes nothing for a bad option', async () => {
    const file = path.join(out, 'bad.epub');
    await expect(
      wethink('export', '--book', bookId, '--format', 'epub', '--out', file, '--as-of', 'last week'),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('asOf must be an ISO 8601 time') });
    await expect(
      wethink('export', '--book', bookId, '--format', 'epub', '--out', file, '--comments', 'some'),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('bad export options: comments') });
    expect(fs.existsSync(file)).toBe(false);
  }, 30_000);
});

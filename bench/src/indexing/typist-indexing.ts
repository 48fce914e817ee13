import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chapterFragment } from '@wethink/shared';
import * as Y from 'yjs';
import { startLoneWethink } from '../servers/lone-wethink';
import { connectDoc, whenServerHas, type DocClient } from '../browser/doc-client';
import { openCpuWindow, readServerCounter } from '../metrics';
import { sleep, waitFor } from '../wait';

const DOC = 'indexing/chapter-1';
const PARAGRAPHS = 50;
const WORDS = 'the rain came down on the harbour as she read the letter nobody had answered'.split(' ');
/** The target: the sync path's CPU per edit rises by at most this share with indexing. */
export const TARGET_SHARE = 0.1;
const INDEX_CPU_METRIC = 'wethink_search_index_cpu_seconds';

export interface IndexingRun {
  /** Characters per second the typist typed, one per transaction. */
  charsPerSecond: number;
  edits: number;
  serverUsPerEdit: number;
  indexUsPerEdit: number;
  /** Indexing CPU over the rest of the server's CPU: the rise indexing causes. */
  share: number;
}

/**
 * Issue 21's indexing cost: one wethink instance (SQLite), a 5,000-word chapter as the editor
 * stores it, one author typing into a paragraph (a character per transaction) while a co-author
 * watches, at a typist's pace and at a fast one. The server's CPU per edit comes from /proc; the
 * part spent keeping the search index current from the server's own counter (the CPU of the
 * indexer's synchronous work: reading the edited blocks and SQLite's write).
 */
export async function runIndexingBench(
  log: (message: string) => void,
  isQuick: boolean,
): Promise<IndexingRun[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wethink-bench-indexing-'));
  const server = await startLoneWethink({ name: 'wethink-indexing', dataDir });
  const clients: DocClient[] = [];
  try {
    await server.endpoint.access.prepare([DOC]);
    const { room, params } = server.endpoint.access.route(DOC);
    const token = params.token ?? '';
    const typist = connectDoc(server.endpoint.baseUrl, room, token);
    const watcher = connectDoc(server.endpoint.baseUrl, room, token);
    clients.push(typist, watcher);
    await Promise.all(clients.map((client) => client.synced));
    typist.doc.transact(() => {
      chapterFragment(typist.doc).insert(
        0,
        Array.from({ length: PARAGRAPHS }, (_, i) => {
          const paragraph = new Y.XmlElement('paragraph');
          const words = Array.from({ length: 100 }, (_, w) => WORDS[(i * 7 + w) % WORDS.length]);
          paragraph.insert(0, [new Y.XmlText(words.join(' '))]);
          return paragraph;
        }),
      );
    });
    await whenServerHas(server.endpoint.baseUrl, typist, token);
    const text = (chapterFragment(typist.doc).get(PARAGRAPHS / 2) as Y.XmlElement).get(0) as Y.XmlText;
    const type = async (charsPerSecond: number, seconds: number): Promise<IndexingRun> => {
      const indexBefore = (await readServerCounter(server.port, INDEX_CPU_METRIC)) ?? Number.NaN;
      const cpu = openCpuWindow(server.pid);
      const edits = Math.round(charsPerSecond * seconds);
      const startMs = performance.now();
      for (let i = 0; i < edits; i += 1) {
        typist.doc.transact(() => text.insert(text.length, i % 6 === 5 ? ' ' : 'abcde'[i % 5]!));
        await sleep(Math.max(0, startMs + ((i + 1) * 1000) / charsPerSecond - performance.now()));
      }
      const target = text.length;
      const watched = (chapterFragment(watcher.doc).get(PARAGRAPHS / 2) as Y.XmlElement).get(0) as Y.XmlText;
      await waitFor(() => watched.length === target, {
        timeoutMs: 10_000,
        description: 'the watcher has every keystroke',
      });
      await sleep(1_200); // the last indexing run (at most 0.9 s after the last edit)
      const serverUs = cpu.serverUs();
      const indexAfter = (await readServerCounter(server.port, INDEX_CPU_METRIC)) ?? Number.NaN;
      const indexUs = (indexAfter - indexBefore) * 1e6;
      return {
        charsPerSecond,
        edits,
        serverUsPerEdit: serverUs / edits,
        indexUsPerEdit: indexUs / edits,
        share: indexUs / Math.max(1, serverUs - indexUs),
      };
    };
    await type(20, 2); // warm-up: JIT on both ends
    const runs: IndexingRun[] = [];
    for (const charsPerSecond of [8, 40]) {
      const run = await type(charsPerSecond, isQuick ? 5 : 15);
      log(
        `indexing: ${charsPerSecond} chars/s, server ${run.serverUsPerEdit.toFixed(0)} µs/edit, ` +
          `indexing ${run.indexUsPerEdit.toFixed(1)} µs/edit (${(run.share * 100).toFixed(1)}%)`,
      );
      runs.push(run);
    }
    return runs;
  } finally {
    for (const client of clients) client.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function indexingMarkdown(runs: readonly IndexingRun[]): string {
  return [
    '## Search indexing on the sync path (one instance, SQLite, a 5,000-word chapter, one typist and a watcher)',
    '',
    `| typing | edits | server CPU per edit | indexing CPU per edit | rise (target ≤ ${TARGET_SHARE * 100}%) |`,
    '| ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (run) =>
        `| ${run.charsPerSecond} chars/s | ${run.edits} | ${run.serverUsPerEdit.toFixed(0)} µs | ${run.indexUsPerEdit.toFixed(1)} µs | ${(run.share * 100).toFixed(1)}% ${run.share <= TARGET_SHARE ? '(met)' : '(not met)'} |`,
    ),
    '',
  ].join('\n');
}

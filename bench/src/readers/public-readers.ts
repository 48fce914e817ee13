import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startLoneWethink } from '../servers/lone-wethink';
import { connectClient } from '../clients/connect-client';
import { readRssKiB, summarizeLatencies } from '../metrics';
import type { RunningServer } from '../servers/server-under-test';
import { WethinkAccount } from '../servers/wethink-access';
import { sleep } from '../wait';

const STEPS = [500, 1_000, 1_500, 2_000, 3_000, 4_000, 8_000];
const TARGET_P99_MS = 250;
const KEYSTROKES = 30;
const KEYSTROKE_MS = 100;
const WAVE = 250;
const DOC = 'readers/chapter-1';

export interface ReaderStep {
  readers: number;
  p50Ms: number | null;
  p99Ms: number | null;
  missing: number;
  failedConnections: number;
  rssPerReaderKiB: number | null;
}

/**
 * Issue 22's public-draft load: one wethink instance (SQLite), one chapter in an open review
 * round with a public link, an author typing a character every 100 ms, and a growing crowd of
 * read-only readers on the public link. Readers speak the raw protocol (a stock client per reader
 * would cost the generator more than the server): each only notes when the author's clock in a
 * relayed update reaches each keystroke. Stops at the first step over 250 ms p99 or with losses.
 */
export async function runPublicReadersBench(log: (message: string) => void): Promise<ReaderStep[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wethink-bench-readers-'));
  const account = new WethinkAccount();
  const server = await startLoneWethink({
    name: 'wethink-readers',
    dataDir,
    account,
    env: { MAX_BUFFERED_BYTES: String(4 * 1024 * 1024) },
  });
  const readers: WebSocket[] = [];
  const steps: ReaderStep[] = [];
  try {
    await server.endpoint.access.prepare([DOC]);
    const { room } = server.endpoint.access.route(DOC);
    const code = await publicLink(server, account, room);
    const author = connectClient(server.endpoint, DOC, { user: { name: 'author', color: '#3366ff' } });
    await author.whenSynced(10_000);
    const arrivals = new Map<WebSocket, number[]>(); // reader → arrival time per keystroke index
    let clocks: number[] = [];
    const authorId = author.doc.clientID;
    await sleep(500);
    const idleKiB = readRssKiB(server.pid);
    for (const target of STEPS) {
      let failed = 0;
      while (readers.length < target) {
        const wave = Array.from({ length: Math.min(WAVE, target - readers.length) }, () =>
          openReader(
            `${server.endpoint.baseUrl}/${room}?public=${code}`,
            (reader, clock, at) => {
              const list = arrivals.get(reader);
              if (!list) return;
              for (let index = list.length; index < clocks.length && clocks[index]! <= clock; index += 1)
                list.push(at);
            },
            authorId,
          ),
        );
        const opened = await Promise.allSettled(wave);
        for (const outcome of opened) {
          if (outcome.status === 'fulfilled') readers.push(outcome.value);
          else failed += 1;
        }
        if (failed > 0) break;
      }
      await sleep(500);
      // Over all readers so far, from the server with the author alone: less noisy than per step.
      const perReaderKiB = readers.length > 0 ? (readRssKiB(server.pid) - idleKiB) / readers.length : null;
      // Type, noting the author's clock after each keystroke; readers note when they reach it.
      clocks = [];
      for (const reader of readers) arrivals.set(reader, []);
      const sentAt: number[] = [];
      for (let index = 0; index < KEYSTROKES; index += 1) {
        sentAt.push(performance.now());
        author.doc.transact(() => author.text.insert(author.text.length, 'x'));
        clocks.push(Y.getState(author.doc.store, authorId));
        await sleep(KEYSTROKE_MS);
      }
      await sleep(2_000);
      const samples: number[] = [];
      let missing = 0;
      for (const list of arrivals.values()) {
        for (let index = 0; index < KEYSTROKES; index += 1) {
          const at = list[index];
          if (at === undefined) missing += 1;
          else samples.push(at - sentAt[index]!);
        }
      }
      const latency = summarizeLatencies(samples);
      const step = {
        readers: readers.length,
        p50Ms: latency.p50Ms,
        p99Ms: latency.p99Ms,
        missing,
        failedConnections: failed,
        rssPerReaderKiB: perReaderKiB,
      };
      steps.push(step);
      log(
        `readers: ${readers.length} → p99 ${latency.p99Ms?.toFixed(1)} ms, ${missing} missing, ${failed} failed`,
      );
      if (failed > 0 || missing > 0 || (latency.p99Ms ?? Infinity) > TARGET_P99_MS) break;
    }
    author.destroy();
  } finally {
    for (const reader of readers) reader.terminate();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return steps;
}

/** Opens a raw reader; `onClock` gets the author's clock of each relayed update, on arrival. */
function openReader(
  url: string,
  onClock: (reader: WebSocket, clock: number, atMs: number) => void,
  authorId: number,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer) => {
      const at = performance.now();
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarUint(decoder) !== 0) return; // sync messages only
      if (decoding.readVarUint(decoder) === 0) return; // the server's step 1
      const meta = Y.parseUpdateMeta(decoding.readVarUint8Array(decoder));
      const clock = meta.to.get(authorId);
      if (clock !== undefined) onClock(socket, clock, at);
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function publicLink(server: RunningServer, account: WethinkAccount, room: string): Promise<string> {
  const [bookId, chapterId] = room.split('/');
  const base = `http://127.0.0.1:${server.port}/api/books/${bookId}/chapters/${chapterId}`;
  const headers = { cookie: account.cookie ?? '', 'content-type': 'application/json' };
  const opened = await fetch(`${base}/rounds`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: 'Public draft' }),
  });
  if (opened.status !== 201) throw new Error(`opening the round: ${opened.status} ${await opened.text()}`);
  const { round } = (await opened.json()) as { round: { id: string } };
  const published = await fetch(`${base}/rounds/${round.id}/public`, {
    method: 'POST',
    headers: { cookie: account.cookie ?? '' },
  });
  const { round: withLink } = (await published.json()) as { round: { publicCode?: string } };
  if (!withLink.publicCode) throw new Error('no public code');
  return withLink.publicCode;
}

export function readersMarkdown(steps: readonly ReaderStep[]): string {
  const ms = (value: number | null) => (value === null ? '—' : value.toFixed(1));
  return [
    '## Public readers (one instance, SQLite; an author typing every 100 ms; raw-protocol readers)',
    '',
    '| readers | delivery p50 | p99 (target ≤ 250 ms) | missing | failed connections | RSS per reader |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...steps.map(
      (step) =>
        `| ${step.readers} | ${ms(step.p50Ms)} ms | ${ms(step.p99Ms)} ms | ${step.missing} | ${step.failedConnections} | ${step.rssPerReaderKiB === null ? '—' : step.rssPerReaderKiB.toFixed(1)} KiB |`,
    ),
    '',
  ].join('\n');
}

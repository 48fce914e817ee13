import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addAuthor, connectionToken, cookiesOf, createBook, signUp } from './book-api';
import { seedBook } from './chapter-seed';
import {
  installProbe,
  mainThreadBusyMs,
  readSamples,
  resetProbe,
  type KeystrokeSample,
} from './keystroke-probe';
import { startRemoteTypists } from './remote-typists';

export type EditorPage = 'wethink' | 'bare';

export interface TypingRunOptions {
  browser: Browser;
  page: EditorPage;
  appUrl: string;
  bareUrl: string;
  typists: number;
  keystrokes: number;
  keyDelayMs: number;
  words: number;
  /** Writes a V8 CPU profile (`<page>-<typists>.cpuprofile`) of the typing window there. */
  profileDir: string | null;
  /**
   * Also writes a Chrome trace (`….trace.json`, for DevTools' performance panel) there. Its stacks
   * on every timer and layout inflate those in the CPU profile taken meanwhile.
   */
  isTracing: boolean;
}

export interface TypingRunResult {
  page: EditorPage;
  typists: number;
  samples: KeystrokeSample[];
  /** Main-thread task time per local keystroke, above what the remote typists cost meanwhile. */
  cpuPerKeystrokeMs: number;
  layoutsPerKeystroke: number;
  remoteCharsTyped: number;
}

/** What DevTools' performance panel records: tasks, style, layout (with what forced it), paint. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.stack',
  'v8.execute',
];

/** The paragraph the local author types in; the remote typists write in the ones around it. */
const LOCAL_PARAGRAPH = 50;
const REMOTE_PARAGRAPHS = [49, 51, 48, 52, 47];
const REMOTE_CHARS_PER_SECOND = 6;
const TYPED = 'the quick brown fox jumps over the lazy dog while the harbour sleeps ';

/** Opens the editor page and waits until the seeded chapter is on screen. */
async function openEditor(
  page: Page,
  options: TypingRunOptions,
  address: { bookId: string; chapterId: string; token: string },
) {
  if (options.page === 'wethink') {
    await page.goto(new URL(`/books/${address.bookId}/chapters/${address.chapterId}`, options.appUrl).href);
    await page.locator('chapter-view save-indicator[connection="live"]').waitFor();
  } else {
    const syncUrl = new URL('/sync', options.appUrl.replace(/^http/, 'ws')).href;
    const query = new URLSearchParams({
      ws: syncUrl,
      doc: `${address.bookId}/${address.chapterId}`,
      token: address.token,
    });
    await page.goto(`${options.bareUrl}?${query.toString()}`);
    await page.locator('body[data-synced="true"]').waitFor();
  }
  await page.waitForFunction(
    (count) => document.querySelectorAll('.ProseMirror > p').length >= count,
    LOCAL_PARAGRAPH + 1,
  );
  const paragraph = page.locator('.ProseMirror > p').nth(LOCAL_PARAGRAPH);
  await paragraph.scrollIntoViewIfNeeded();
  await paragraph.click();
  await page.keyboard.press('End');
}

/**
 * One measured run: a fresh book with a `words`-word chapter, `typists` co-authors typing around
 * the local author's paragraph, then the local author types `keystrokes` keys at `keyDelayMs`.
 * The main thread's busy time is read over an idle window of the same length first, with the
 * co-authors typing, and subtracted.
 */
export async function runTyping(options: TypingRunOptions): Promise<TypingRunResult> {
  const syncUrl = new URL('/sync', options.appUrl.replace(/^http/, 'ws')).href;
  const owner = await signUp(options.appUrl, 'Owner');
  const bookId = await createBook(owner, 'Browser bench');
  const typists = await Promise.all(
    Array.from({ length: options.typists }, (_, i) => signUp(options.appUrl, `Typist${i + 1}`)),
  );
  for (const typist of typists) await addAuthor(owner, typist, bookId);
  const chapterId = `c${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const token = await connectionToken(owner, bookId);
  await seedBook({ syncUrl, token, bookId, chapterId, words: options.words });
  const remote = await startRemoteTypists({
    syncUrl,
    docName: `${bookId}/${chapterId}`,
    tokens: await Promise.all(typists.map((typist) => connectionToken(typist, bookId))),
    paragraphs: REMOTE_PARAGRAPHS,
    charsPerSecond: REMOTE_CHARS_PER_SECOND,
  });
  const context = await options.browser.newContext({ viewport: { width: 1366, height: 900 } });
  try {
    await context.addCookies(await cookiesOf(owner));
    await context.addInitScript(installProbe);
    const page = await context.newPage();
    await openEditor(page, options, { bookId, chapterId, token });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const windowMs = options.keystrokes * options.keyDelayMs;
    const idleStart = await mainThreadBusyMs(cdp);
    const idleStartedAt = performance.now();
    await page.waitForTimeout(windowMs);
    const idleEnd = await mainThreadBusyMs(cdp);
    const idleWallMs = performance.now() - idleStartedAt;
    await resetProbe(page);
    if (options.profileDir !== null) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      if (options.isTracing) await options.browser.startTracing(page, { categories: TRACE_CATEGORIES });
    }
    const typingStart = await mainThreadBusyMs(cdp);
    const typingStartedAt = performance.now();
    const text = TYPED.repeat(Math.ceil(options.keystrokes / TYPED.length)).slice(0, options.keystrokes);
    await page.keyboard.type(text, { delay: options.keyDelayMs });
    await page.waitForFunction((count) => {
      const probe = (window as unknown as { keystrokeProbe: { keys: Array<{ frame: number | null }> } })
        .keystrokeProbe;
      return probe.keys.length >= count && probe.keys.every((key) => key.frame !== null);
    }, options.keystrokes);
    const typingEnd = await mainThreadBusyMs(cdp);
    if (options.profileDir !== null) {
      const { profile } = await cdp.send('Profiler.stop');
      const name = path.join(options.profileDir, `${options.page}-${options.typists}`);
      await writeFile(`${name}.cpuprofile`, JSON.stringify(profile));
      if (options.isTracing) await writeFile(`${name}.trace.json`, await options.browser.stopTracing());
    }
    const typingWallMs = performance.now() - typingStartedAt;
    const idleRate = (idleEnd.taskMs - idleStart.taskMs) / idleWallMs;
    const idleLayoutRate = (idleEnd.layoutCount - idleStart.layoutCount) / idleWallMs;
    const n = options.keystrokes;
    return {
      page: options.page,
      typists: options.typists,
      samples: await readSamples(page),
      cpuPerKeystrokeMs: (typingEnd.taskMs - typingStart.taskMs - idleRate * typingWallMs) / n,
      layoutsPerKeystroke:
        (typingEnd.layoutCount - typingStart.layoutCount - idleLayoutRate * typingWallMs) / n,
      remoteCharsTyped: remote.typed,
    };
  } finally {
    remote.stop();
    await context.close();
    await Promise.all([owner, ...typists].map((account) => account.http.dispose()));
  }
}

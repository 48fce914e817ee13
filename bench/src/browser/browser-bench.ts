import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startLoneWethink } from '../servers/lone-wethink';
import { wethinkServerRoot } from '../servers/paths';
import { startBareEditorServer } from './bare-editor-server';
import { browserRatios, renderBrowserReport } from './report';
import { runTyping, type EditorPage, type TypingRunResult } from './typing-run';

const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Issue 19's target: a keystroke in wethink costs no more than in the bare editor (p95). */
export const BROWSER_P95_RATIO_TARGET = 1.1;

export interface BrowserBenchOptions {
  rounds: number;
  typists: readonly number[];
  keystrokes: number;
  /** Writes a V8 CPU profile of each typing window there; null: none. */
  profileDir: string | null;
  /** With a profile, also a Chrome trace of each typing window. */
  isTracing: boolean;
}

export interface BrowserBenchResult {
  runs: TypingRunResult[];
  /** wethink's keydown-to-next-frame p95 ÷ the bare page's, per number of remote typists. */
  ratios: { typists: number; p95Ratio: number; isPass: boolean }[];
}

/**
 * Types into a 10,000-word chapter in Debian's Chromium while remote co-authors type, in wethink's
 * client (built now, as `pnpm build` does) and in a bare y-prosemirror page on the same server,
 * interleaved round by round.
 */
export async function runBrowserBench(
  options: BrowserBenchOptions,
  log: (message: string) => void,
): Promise<BrowserBenchResult> {
  log('browser: building the client');
  const clientRoot = path.join(wethinkServerRoot, '..', 'client');
  // Its own build script (vite build), so the page is what `pnpm build` serves; unminified when
  // profiling, so the profile names our functions.
  const buildArgs = options.profileDir === null ? ['build'] : ['build', '--minify', 'false'];
  execFileSync(path.join(clientRoot, 'node_modules', '.bin', 'vite'), buildArgs, {
    cwd: clientRoot,
    stdio: 'ignore',
  });
  const clientDist = path.join(clientRoot, 'dist');
  if (options.profileDir !== null) await mkdir(options.profileDir, { recursive: true });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wethink-browser-bench-'));
  const server = await startLoneWethink({
    name: 'wethink',
    dataDir,
    protocol: 'wethink',
    env: { CLIENT_DIST: clientDist, SIGN_UP_PER_MINUTE: '10000' },
  });
  const bare = await startBareEditorServer(options.profileDir === null);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const appUrl = server.endpoint.baseUrl.replace(/^ws/, 'http').replace(/\/sync$/, '/');
  const runs: TypingRunResult[] = [];
  try {
    for (const typists of options.typists) {
      for (let round = 1; round <= options.rounds; round += 1) {
        for (const page of ['wethink', 'bare'] satisfies EditorPage[]) {
          log(`browser: ${typists} typists, round ${round}/${options.rounds}, ${page}`);
          runs.push(
            await runTyping({
              browser,
              page,
              appUrl,
              bareUrl: bare.url,
              typists,
              keystrokes: options.keystrokes,
              keyDelayMs: 60,
              words: 10_000,
              profileDir: options.profileDir,
              isTracing: options.isTracing,
            }),
          );
        }
      }
    }
    if (options.profileDir !== null) {
      // The profiles' scripts, to map their lines to modules.
      await cp(path.join(clientDist, 'assets'), path.join(options.profileDir, 'wethink-assets'), {
        recursive: true,
      });
      await cp(path.join(bare.outDir, 'assets'), path.join(options.profileDir, 'bare-assets'), {
        recursive: true,
      });
    }
  } finally {
    await browser.close();
    await bare.stop();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const ratios = browserRatios(runs).map(({ typists, p95Ratio }) => ({
    typists,
    p95Ratio,
    isPass: p95Ratio <= BROWSER_P95_RATIO_TARGET,
  }));
  return { runs, ratios };
}

export function browserMarkdown(result: BrowserBenchResult): string {
  return [
    '## Typing in the browser (10,000-word chapter, Chromium)',
    '',
    renderBrowserReport(result.runs),
    '',
    ...result.ratios.map(
      ({ typists, p95Ratio, isPass }) =>
        `- ${typists} remote typists: keydown-to-next-frame p95 ${p95Ratio.toFixed(2)}× the bare editor ` +
        `(target ≤ ${BROWSER_P95_RATIO_TARGET}×): ${isPass ? 'pass' : 'FAIL'}`,
    ),
  ].join('\n');
}

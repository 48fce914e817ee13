import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startLoneWethink } from '../servers/lone-wethink';
import { benchRoot, wethinkServerRoot } from '../servers/paths';
import { startBareEditorServer } from './bare-editor-server';
import { renderBrowserReport } from './report';
import { runTyping, type EditorPage, type TypingRunResult } from './typing-run';

const usage = `usage: pnpm --filter @wethink/bench bench:browser [--quick] [--rounds <n>] [--typists 2,5] [--profile <dir>]
  Types into a 10,000-word chapter in Chromium while remote co-authors type, in wethink and in a
  bare y-prosemirror page on the same server, interleaved; keydown-to-paint and CPU per keystroke.`;

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

function parseOptions() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      typists: { type: 'string', default: '2,5' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const rounds = Number(values.rounds ?? (values.quick ? 1 : 2));
  const typists = values.typists.split(',').map(Number);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new RangeError(`--rounds must be a positive integer, got ${values.rounds}`);
  if (typists.some((n) => !Number.isInteger(n) || n < 0))
    throw new RangeError(`--typists must list integers, got ${values.typists}`);
  const profileDir = values.profile === undefined ? null : path.resolve(values.profile);
  return { isHelp: values.help, rounds, typists, keystrokes: values.quick ? 80 : 200, profileDir };
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.isHelp) {
    console.log(usage);
    return;
  }
  const clientDist = path.join(wethinkServerRoot, '..', 'client', 'dist');
  if (!existsSync(path.join(clientDist, 'index.html')))
    throw new Error(`no client build at ${clientDist}: run pnpm build`);
  if (options.profileDir !== null) await mkdir(options.profileDir, { recursive: true });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'wethink-browser-bench-'));
  const server = await startLoneWethink({
    name: 'wethink',
    dataDir,
    protocol: 'wethink',
    env: { CLIENT_DIST: clientDist, SIGN_UP_PER_MINUTE: '10000' },
  });
  const bare = await startBareEditorServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const appUrl = server.endpoint.baseUrl.replace(/^ws/, 'http').replace(/\/sync$/, '/');
  const results: TypingRunResult[] = [];
  try {
    for (const typists of options.typists) {
      for (let round = 1; round <= options.rounds; round += 1) {
        for (const page of ['wethink', 'bare'] satisfies EditorPage[]) {
          console.log(`[browser-typing] ${typists} typists, round ${round}/${options.rounds}, ${page}`);
          results.push(
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
            }),
          );
        }
      }
    }
  } finally {
    await browser.close();
    await bare.stop();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const markdown = renderBrowserReport(results);
  console.log(`\n${markdown}`);
  const resultsDir = path.join(benchRoot, 'results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(path.join(resultsDir, 'browser-latest.json'), JSON.stringify(results, null, 2) + '\n');
  await writeFile(path.join(resultsDir, 'browser-latest.md'), markdown + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchRoot } from '../servers/paths';
import { browserMarkdown, runBrowserBench } from './browser-bench';

const usage = `usage: pnpm --filter @wethink/bench bench:browser [--quick] [--rounds <n>] [--typists 2,5] [--profile <dir>]
  Types into a 10,000-word chapter in Chromium while remote co-authors type, in wethink and in a
  bare y-prosemirror page on the same server, interleaved; keydown-to-paint and CPU per keystroke.
  (Also part of \`pnpm bench\`, as \`--only browser\`.)`;

function parseOptions() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      typists: { type: 'string', default: '2,5' },
      profile: { type: 'string' },
      trace: { type: 'boolean', default: false },
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
  if (values.trace && profileDir === null) throw new RangeError('--trace needs --profile <dir>');
  return {
    isHelp: values.help,
    rounds,
    typists,
    keystrokes: values.quick ? 80 : 200,
    profileDir,
    isTracing: values.trace,
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.isHelp) {
    console.log(usage);
    return;
  }
  const result = await runBrowserBench(options, (message) => console.log(`[${message}]`));
  const markdown = browserMarkdown(result);
  console.log(`\n${markdown}`);
  const resultsDir = path.join(benchRoot, 'results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(path.join(resultsDir, 'browser-latest.json'), JSON.stringify(result, null, 2) + '\n');
  await writeFile(path.join(resultsDir, 'browser-latest.md'), markdown + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

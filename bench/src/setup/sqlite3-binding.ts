// The native sqlite3 module behind @hocuspocus/extension-sqlite. pnpm never runs its install
// script (sqlite3 is not in the workspace's onlyBuiltDependencies), and that script would first ask
// GitHub for a prebuilt binary, which this network cannot reach. So the bench compiles it itself
// with node-gyp (sqlite3's own node-gyp 8, from the npm registry) against the headers of the
// running Node, found next to its binary (`<prefix>/include/node`): nothing is downloaded.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** node-gyp's full output (thousands of compiler warnings) goes here, not to the console. */
const BUILD_LOG = path.join(tmpdir(), 'wethink-bench-sqlite3-build.log');
const REASON_LINES = 3;
/** node-gyp's closing boilerplate, which says nothing about the cause. */
const BOILERPLATE = /gyp ERR! (System|command|cwd|node -v|node-gyp -v|not ok)/;

/** sqlite3's package folder, as @hocuspocus/extension-sqlite resolves it. */
export function sqlite3Dir(): string {
  const fromBench = createRequire(import.meta.url);
  const fromExtension = createRequire(fromBench.resolve('@hocuspocus/extension-sqlite'));
  return path.dirname(fromExtension.resolve('sqlite3/package.json'));
}

/** Whether `require('sqlite3')` works, tried in a child so this process loads no native code. */
export function canLoadSqlite3(dir = sqlite3Dir()): boolean {
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(dir)})`], {
    stdio: 'ignore',
    timeout: 30_000,
  });
  return probe.status === 0;
}

/** The Node headers node-gyp should compile against, or null when this Node ships none. */
export function localNodeDir(): string | null {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null;
}

/**
 * Compiles sqlite3 in place (`node-gyp rebuild`), a few minutes on a busy 2-core machine. Rejects
 * with the reason (no headers, no node-gyp, the compiler's last output) when it cannot.
 */
export async function buildSqlite3(log: (line: string) => void, dir = sqlite3Dir()): Promise<void> {
  const nodeDir = localNodeDir();
  if (!nodeDir) {
    throw new Error(
      `no Node headers next to ${process.execPath} (include/node/node_api.h), and node-gyp may not download them`,
    );
  }
  const nodeGyp = resolveNodeGyp(dir);
  log(`building sqlite3 in ${dir} with node-gyp against ${nodeDir}/include/node`);
  // `rebuild` starts with `clean`: a failed build leaves no binary behind, not a stale one.
  const output = await run(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`, '--jobs=2'], dir);
  if (output.code !== 0) {
    const cause = output.errorLines.slice(0, REASON_LINES).join(' | ') || 'no error line';
    throw new Error(
      `node-gyp rebuild of sqlite3 exited with ${output.code}: ${cause} (full log: ${BUILD_LOG})`,
    );
  }
  if (!canLoadSqlite3(dir)) throw new Error(`sqlite3 was built in ${dir} but still does not load`);
}

/** Builds sqlite3 unless it already loads; `log` hears about a build only. */
export async function ensureSqlite3(log: (line: string) => void): Promise<void> {
  if (canLoadSqlite3()) return;
  log('sqlite3 has no native binding yet (pnpm skips its install script); building it once');
  const startedMs = performance.now();
  await buildSqlite3(log);
  log(`sqlite3 built in ${((performance.now() - startedMs) / 1000).toFixed(0)} s`);
}

/** node-gyp as sqlite3 depends on it (an optional dependency pnpm installs beside it). */
function resolveNodeGyp(sqlite3PackageDir: string): string {
  try {
    return createRequire(path.join(sqlite3PackageDir, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch (error) {
    throw new Error(`node-gyp is not installed beside sqlite3 in ${sqlite3PackageDir}`, { cause: error });
  }
}

/** Runs a command, its output to BUILD_LOG; resolves with its exit code and its error lines. */
function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ code: number | null; errorLines: string[] }> {
  return new Promise((resolve, reject) => {
    // npm's config reaches node-gyp through npm_config_* variables; drop them (pnpm sets some
    // that node-gyp misreads) so only the flags above decide where headers come from.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')),
    );
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const logFile = createWriteStream(BUILD_LOG);
    const errorLines: string[] = [];
    let partial = '';
    const scan = (chunk: string): void => {
      logFile.write(chunk);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const isError = /gyp ERR!|: (fatal )?error:/.test(line) && !BOILERPLATE.test(line);
        if (isError && errorLines.length < REASON_LINES) errorLines.push(line.trim());
      }
    };
    child.stdout.setEncoding('utf8').on('data', scan);
    child.stderr.setEncoding('utf8').on('data', scan);
    child.once('error', reject);
    child.once('close', (code) => logFile.end(() => resolve({ code, errorLines })));
  });
}

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let isBuilt = false;

/**
 * Starts the server as a child process (so a test can kill -9 it) and resolves with it and its
 * port once it logs `listening`. The caller kills it; `env` adds to this process's environment.
 * `build`: the compiled `dist/main.js` a deployment runs (built once per test process), else the
 * TypeScript source through tsx.
 */
export async function spawnServer(
  env: Record<string, string>,
  options: { build?: boolean } = {},
): Promise<{ child: ChildProcess; port: number }> {
  if (options.build && !isBuilt) {
    execFileSync(process.execPath, ['build.mjs'], { cwd: serverDir, stdio: 'inherit' });
    isBuilt = true;
  }
  const args = options.build ? ['--enable-source-maps', 'dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: serverDir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', GROUP_COMMIT_MS: '2', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('child server did not start in 15 s')), 15_000);
    lines.on('line', (line) => {
      const record = JSON.parse(line) as { msg?: string; port?: number };
      if (record.msg === 'listening' && record.port) {
        clearTimeout(timer);
        resolve(record.port);
      }
    });
    child.once('exit', (code) => reject(new Error(`child server exited with ${code}`)));
  });
  return { child, port };
}

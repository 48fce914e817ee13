import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { wethinkServerRoot } from './paths';

/**
 * The arguments `pnpm start` gives node for the wethink server, read from its package.json, so
 * the bench runs the server exactly as users start it (V8 flags included) and cannot drift from it.
 */
export function wethinkStartArgs(): string[] {
  buildOnce();
  const manifestPath = path.join(wethinkServerRoot, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { scripts?: { start?: string } };
  const [command, ...args] = (manifest.scripts?.start ?? '').split(/\s+/).filter(Boolean);
  if (command !== 'node' || args.length === 0 || args.some((arg) => /["'$&|;]/.test(arg))) {
    throw new Error(
      `${manifestPath}: expected a plain "node …" start script, found "${manifest.scripts?.start}"`,
    );
  }
  return args;
}

let isBuilt = false;

/** Compiles the server (dist/main.js, what its start script runs) once per bench process. */
function buildOnce(): void {
  if (isBuilt) return;
  execFileSync(process.execPath, ['build.mjs'], { cwd: wethinkServerRoot, stdio: 'inherit' });
  isBuilt = true;
}

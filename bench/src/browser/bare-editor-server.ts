import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { freePort } from '../servers/child-server';

const pageRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare-editor');

export interface BareEditorServer {
  url: string;
  /** Where the built page is (its scripts, for reading a profile). */
  outDir: string;
  stop(): Promise<void>;
}

/**
 * Builds the bare y-prosemirror page (production mode, like wethink's client; unminified when
 * `isMinified` is false, as the client is for a profile) and serves it.
 */
export async function startBareEditorServer(isMinified = true): Promise<BareEditorServer> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'wethink-bare-editor-'));
  await build({ root: pageRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true, minify: isMinified } });
  const port = await freePort();
  const server = await preview({
    root: pageRoot,
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1' },
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    outDir,
    stop: async () => {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

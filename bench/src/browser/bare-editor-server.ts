import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { freePort } from '../servers/child-server';

const pageRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare-editor');

export interface BareEditorServer {
  url: string;
  stop(): Promise<void>;
}

/** Builds the bare y-prosemirror page (production mode, like wethink's client) and serves it. */
export async function startBareEditorServer(): Promise<BareEditorServer> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'wethink-bare-editor-'));
  await build({ root: pageRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  const server = await preview({
    root: pageRoot,
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1' },
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

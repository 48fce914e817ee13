// Compiles the server to JavaScript: dist/main.js (an instance) and dist/cli.js (the wethink
// command). esbuild bundles our own code and @wethink/shared (consumed as TypeScript source);
// every npm dependency of the server stays an import, resolved from node_modules at run time.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { dependencies } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  // Our workspace package is bundled; everything else (including shared's own dependencies that
  // the server also declares: yjs, lib0, y-protocols, zod) resolves to the one installed copy.
  external: Object.keys(dependencies).filter((name) => !name.startsWith('@wethink/')),
  // Bundled CommonJS (prosemirror-model's helpers are ESM, but be safe) may call require().
  banner: {
    js: "import { createRequire as __wethinkRequire } from 'node:module'; const require = __wethinkRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

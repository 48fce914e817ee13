import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The dev server proxies the sync socket to a locally running server (`pnpm dev` in server/).
const devSyncTarget = 'ws://127.0.0.1:1234';
// The server serves dist/ as it is: a source map there publishes the whole source. Off unless asked
// for (WETHINK_SOURCEMAP=1 pnpm build, e.g. for a profiling session).
const shouldWriteSourceMaps = process.env.WETHINK_SOURCEMAP === '1';

export default defineConfig({
  build: { target: 'es2022', sourcemap: shouldWriteSourceMaps },
  server: { proxy: { '/sync': { target: devSyncTarget, ws: true } } },
  plugins: [
    // The service worker precaches the app shell so a chapter reloads while offline; the text itself
    // comes from IndexedDB (y-indexeddb), never from the service worker.
    VitePWA({
      injectRegister: null,
      registerType: 'autoUpdate',
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'wethink',
        short_name: 'wethink',
        description: 'Write books together, in real time.',
        theme_color: '#2f4858',
        background_color: '#f6f1e7',
        icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        sourcemap: shouldWriteSourceMaps,
        globPatterns: ['**/*.{js,css,html,svg}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/sync\//, /^\/healthz/, /^\/api\//, /^\/metrics/],
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
        // Figures' images are content-addressed (their id is their SHA-256): once seen, they are
        // served from this cache, also offline (issue 21).
        runtimeCaching: [
          {
            urlPattern: /\/api\/books\/[A-Za-z0-9_-]+\/images\/[0-9a-f]{64}$/,
            handler: 'CacheFirst',
            options: { cacheName: 'book-images', expiration: { maxEntries: 1000 } },
          },
        ],
      },
    }),
  ],
});

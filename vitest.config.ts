import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: './shared', include: ['test/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          root: './server',
          include: ['test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // A real PostgreSQL for the postgres suites (see test/support/postgres.ts).
          globalSetup: ['./test/support/postgres-global-setup.ts'],
        },
      },
      {
        // The server's protocol, durability, roles, history and comments suites again, with every
        // test server on a fresh PostgreSQL database (see server/test/start-test-server.ts).
        test: {
          name: 'server-postgres',
          root: './server',
          include: [
            'test/protocol/**/*.test.ts',
            'test/history/**/*.test.ts',
            'test/comments/**/*.test.ts',
            'test/http/**/*.test.ts',
            'test/export/**/*.test.ts',
            'test/structure/**/*.test.ts',
            'test/search/search-api.test.ts',
            'test/figures/**/*.test.ts',
          ],
          env: { WETHINK_TEST_STORAGE: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 30_000,
          globalSetup: ['./test/support/postgres-global-setup.ts'],
        },
      },
      'client/vitest.config.ts',
    ],
  },
});

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
      'client/vitest.config.ts',
    ],
  },
});

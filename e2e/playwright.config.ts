import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './support/chromium';
import { findFreePort } from './support/free-port';

const e2eRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(e2eRoot, '..');

// Playwright loads this file again in every worker: the first load picks the port and data dir and
// leaves them in the environment, which the workers inherit, so all agree on one server.
process.env.WETHINK_E2E_PORT ??= String(await findFreePort());
process.env.WETHINK_E2E_POSTGRES_PORT ??= String(await findFreePort());
process.env.WETHINK_E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'wethink-e2e-'));
const port = process.env.WETHINK_E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;
// scripts/test.sh provides a PostgreSQL database: the smoke spec then runs on a second server on it.
const postgresUrl = process.env.WETHINK_E2E_DATABASE_URL;
const postgresBaseURL = `http://127.0.0.1:${process.env.WETHINK_E2E_POSTGRES_PORT}`;
const postgresSmoke = /converge\.spec\.ts/;
// Two instances behind HAProxy, started by scripts/cluster.sh (its own PostgreSQL and Redis).
process.env.WETHINK_E2E_CLUSTER_PORT ??= String(await findFreePort());
process.env.WETHINK_E2E_CLUSTER_STATE ??= mkdtempSync(path.join(tmpdir(), 'wethink-e2e-cluster-'));
const clusterBaseURL = `http://127.0.0.1:${process.env.WETHINK_E2E_CLUSTER_PORT}`;
const clusterSpecs = /cluster\.spec\.ts/;

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two cores on CI machines: the specs open up to three browser contexts each.
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
  },
  projects: [
    { name: 'sqlite', testIgnore: clusterSpecs },
    { name: 'cluster', testMatch: clusterSpecs, use: { baseURL: clusterBaseURL } },
    ...(postgresUrl
      ? [{ name: 'postgres', testMatch: postgresSmoke, use: { baseURL: postgresBaseURL } }]
      : []),
  ],
  webServer: [
    serverOn(port, { DATA_DIR: process.env.WETHINK_E2E_DATA_DIR! }),
    {
      command: 'bash scripts/cluster.sh',
      cwd: repoRoot,
      url: `${clusterBaseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      // SIGTERM lets cluster.sh stop its private PostgreSQL (pg_ctl daemonizes it): the default
      // SIGKILL left one running after every run.
      gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 15_000 },
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
      env: {
        CLUSTER_PORT: process.env.WETHINK_E2E_CLUSTER_PORT,
        CLUSTER_STATE: process.env.WETHINK_E2E_CLUSTER_STATE,
        CLUSTER_SKIP_BUILD: '1',
        INSTANCES: '2',
        LOG_LEVEL: process.env.WETHINK_E2E_LOG_LEVEL ?? 'warn',
        SIGN_UP_PER_MINUTE: '10000',
      },
    },
    ...(postgresUrl
      ? [
          serverOn(process.env.WETHINK_E2E_POSTGRES_PORT!, {
            DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wethink-e2e-pg-')),
            STORAGE: 'postgres',
            DATABASE_URL: postgresUrl,
          }),
        ]
      : []),
  ],
});

/** The wethink server one project's specs run against, on `serverPort` with `env` added. */
function serverOn(serverPort: string, env: Record<string, string>) {
  const url = `http://127.0.0.1:${serverPort}`;
  return {
    command: 'node --enable-source-maps dist/main.js',
    cwd: path.join(repoRoot, 'server'),
    url: `${url}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    // WETHINK_E2E_SERVER_LOG=1 shows the server's warnings (pino JSON on stdout) in the run output.
    stdout: process.env.WETHINK_E2E_SERVER_LOG === '1' ? ('pipe' as const) : ('ignore' as const),
    stderr: 'pipe' as const,
    env: {
      PORT: serverPort,
      HOST: '127.0.0.1',
      CLIENT_DIST: path.join(repoRoot, 'client', 'dist'),
      LOG_LEVEL: process.env.WETHINK_E2E_LOG_LEVEL ?? 'warn',
      // Every spec signs its people up from 127.0.0.1: far more than a person's per-minute cap.
      SIGN_UP_PER_MINUTE: '10000',
      ...env,
    },
  };
}

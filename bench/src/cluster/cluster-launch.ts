import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchDatabaseFor } from '../servers/bench-postgres';
import { freePort, startChildServer } from '../servers/child-server';
import { benchRoot, wethinkServerRoot } from '../servers/paths';
import type { RunningServer, SyncEndpoint } from '../servers/server-under-test';
import { WethinkAccess, type WethinkAccount } from '../servers/wethink-access';
import { wethinkStartArgs } from '../servers/wethink-start-args';
import { sleep } from '../wait';

const AUTH_SECRET = 'wethink-bench-cluster-secret-of-32-characters';

/** A wethink cluster for the bench: instances (pinned to the server core), Redis, HAProxy. */
export interface BenchCluster {
  instances: RunningServer[];
  /** Endpoint through HAProxy. */
  balanced: SyncEndpoint;
  stop(): Promise<void>;
}

/**
 * `size` wethink instances (the compiled build, as `pnpm start` runs it) on one fresh PostgreSQL
 * database with a private Redis, and HAProxy with the deployment's configuration in front. With
 * `redis: false`, one instance without Redis: the single-instance baseline on the same database.
 */
export async function startBenchCluster(
  size: number,
  account: WethinkAccount,
  options: { redis: boolean } = { redis: true },
): Promise<BenchCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wethink-bench-cluster-'));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const databaseUrl = await benchDatabaseFor(dir);
    const redisUrl = options.redis ? await startRedis(stops) : null;
    const instances: RunningServer[] = [];
    for (let n = 1; n <= size; n += 1) {
      const instance = await startChildServer({
        name: `wethink-i${n}`,
        nodeArgs: wethinkStartArgs(),
        cwd: wethinkServerRoot,
        env: {
          STORAGE: 'postgres',
          DATABASE_URL: databaseUrl,
          AUTH_SECRET,
          DATA_DIR: path.join(dir, `i${n}`),
          LOG_LEVEL: 'warn',
          INSTANCE_ID: `i${n}`,
          SIGN_UP_PER_MINUTE: '100000',
          ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
        },
        readiness: { kind: 'http-200', path: '/healthz' },
        endpointFor: (port) => ({
          protocol: 'y-websocket',
          baseUrl: `ws://127.0.0.1:${port}/sync`,
          access: new WethinkAccess(`http://127.0.0.1:${port}`, account),
        }),
      });
      stops.push(() => instance.stop());
      instances.push(instance);
    }
    const balancerPort = await startHaproxy(dir, instances, stops);
    return {
      instances,
      balanced: {
        protocol: 'y-websocket',
        baseUrl: `ws://127.0.0.1:${balancerPort}/sync`,
        access: new WethinkAccess(`http://127.0.0.1:${balancerPort}`, account),
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startRedis(stops: (() => Promise<void>)[]): Promise<string> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  stops.push(() => killed(child));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return `redis://127.0.0.1:${port}`;
}

async function startHaproxy(
  dir: string,
  instances: readonly RunningServer[],
  stops: (() => Promise<void>)[],
): Promise<number> {
  const port = await freePort();
  const template = readFileSync(path.resolve(benchRoot, '../deploy/haproxy.cfg.template'), 'utf8');
  const servers = instances
    .map((instance, index) => `  server i${index + 1} 127.0.0.1:${instance.port}`)
    .join('\n');
  const config = path.join(dir, 'haproxy.cfg');
  writeFileSync(config, template.replace('@LISTEN@', `127.0.0.1:${port}`).replace('@SERVERS@', servers));
  const child = spawn('haproxy', ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  stops.push(() => killed(child));
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return port;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error('haproxy did not come up');
}

async function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { spawnServer } from './child-server';
import { createTestDatabase, type TestDatabase } from './postgres';
import { startPrivateRedis, type PrivateRedis } from './redis';

/** One wethink process of a test cluster. */
export interface ClusterInstance {
  id: string;
  port: number;
  url: string;
  syncUrl: string;
  child: ChildProcess;
  /** kill -9. */
  kill(): Promise<void>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
}

export interface TestCluster {
  instances: ClusterInstance[];
  redis: PrivateRedis;
  database: TestDatabase;
  /** The settings every instance shares (for one started later). */
  env: Record<string, string>;
  /** Starts one more instance on the same database and Redis. */
  add(id: string): Promise<ClusterInstance>;
  stop(): Promise<void>;
}

/**
 * `size` wethink processes on one fresh PostgreSQL database and a private Redis, as a real
 * deployment runs them (the compiled build, in child processes, so a test can kill -9 one).
 */
export async function startCluster(
  size: number,
  extraEnv: Record<string, string> = {},
): Promise<TestCluster> {
  const [database, redis] = await Promise.all([createTestDatabase(), startPrivateRedis()]);
  const env = {
    STORAGE: 'postgres',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: redis.url,
    AUTH_SECRET: randomBytes(24).toString('hex'),
    ...extraEnv,
  };
  const instances: ClusterInstance[] = [];
  const add = async (id: string): Promise<ClusterInstance> => {
    const instance = await startInstance(id, env);
    instances.push(instance);
    return instance;
  };
  // One first: it migrates the schema; the others find it done.
  await add('i1');
  await Promise.all(Array.from({ length: size - 1 }, (_, index) => add(`i${index + 2}`)));
  instances.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  return {
    instances,
    redis,
    database,
    env,
    add,
    stop: async () => {
      await Promise.all(instances.map((instance) => instance.kill()));
      await redis.stop();
      await database.drop();
    },
  };
}

async function startInstance(id: string, env: Record<string, string>): Promise<ClusterInstance> {
  const { child, port } = await spawnServer({ ...env, INSTANCE_ID: id }, { build: true });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    id,
    port,
    url: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    child,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

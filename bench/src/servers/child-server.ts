import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { sleep } from '../wait';
import type { RunningServer, SyncEndpoint } from './server-under-test';

/** CPU the server children are pinned to; the load generator pins itself to another one. */
export const SERVER_CPU = '0';
export const GENERATOR_CPU = '1';

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const STDERR_TAIL_CHARS = 2_000;

export type Readiness = { kind: 'http-200'; path: string } | { kind: 'stdout-line'; pattern: RegExp };

export interface ChildServerSpec {
  name: string;
  /** Arguments after `node`, e.g. `['--import', 'tsx', 'launcher.ts']`. */
  nodeArgs: string[];
  cwd: string;
  env: Record<string, string>;
  readiness: Readiness;
  endpointFor(port: number): SyncEndpoint;
}

let canPin: boolean | null = null;

/** `taskset` exists and the machine has a second core for the generator. */
export function canPinCpus(): boolean {
  canPin ??= spawnSync('taskset', ['-c', SERVER_CPU, 'true']).status === 0 && availableParallelism() >= 2;
  return canPin;
}

/** Pins every thread of this process (and threads it starts later) to the generator core. */
export function pinGeneratorProcess(): boolean {
  if (!canPinCpus()) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', GENERATOR_CPU, String(process.pid)]).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a server as a child process pinned to the server core; resolves when it is ready. */
export async function startChildServer(spec: ChildServerSpec): Promise<RunningServer> {
  const port = await freePort();
  const command = canPinCpus() ? 'taskset' : process.execPath;
  const args = canPinCpus() ? ['-c', SERVER_CPU, process.execPath, ...spec.nodeArgs] : spec.nodeArgs;
  // taskset execs node in place, so the child's pid is the server's pid (for /proc readings).
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = new ChildServer(spec, child, port);
  try {
    await server.whenReady();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

class ChildServer implements RunningServer {
  readonly pid: number;
  readonly endpoint: SyncEndpoint;
  exitDescription: string | null = null;
  private stderrTail = '';
  private stdoutBuffer = '';
  private readonly exited: Promise<void>;

  constructor(
    private readonly spec: ChildServerSpec,
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    if (child.pid === undefined) throw new Error(`could not spawn ${spec.name}`);
    this.pid = child.pid;
    this.endpoint = spec.endpointFor(port);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdoutBuffer = (this.stdoutBuffer + chunk).slice(-STDERR_TAIL_CHARS);
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitDescription = `${spec.name} exited (code ${code}, signal ${signal}); stderr: ${this.stderrTail.trim().slice(-500)}`;
        resolve();
      });
    });
  }

  async whenReady(): Promise<void> {
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (this.exitDescription) throw new Error(`${this.spec.name} did not start: ${this.exitDescription}`);
      if (await this.isReady()) return;
      await sleep(50);
    }
    throw new Error(`${this.spec.name} not ready after ${READY_TIMEOUT_MS} ms on port ${this.port}`);
  }

  private async isReady(): Promise<boolean> {
    const { readiness } = this.spec;
    if (readiness.kind === 'stdout-line') return readiness.pattern.test(this.stdoutBuffer);
    return (await httpStatus(this.port, readiness.path)) === 200;
  }

  async stop(): Promise<void> {
    if (this.exitDescription) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

function httpStatus(port: number, path: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

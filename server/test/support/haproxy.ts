import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './postgres';

const template = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../deploy/haproxy.cfg.template',
);

export interface PrivateBalancer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Debian's HAProxy in front of `backends` (host:port), with the configuration a deployment uses
 * (deploy/haproxy.cfg.template), on a free port; stopped by the caller.
 */
export async function startBalancer(
  backends: readonly { id: string; port: number }[],
): Promise<PrivateBalancer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wethink-haproxy-'));
  const config = path.join(dir, 'haproxy.cfg');
  const servers = backends.map(({ id, port: backend }) => `  server ${id} 127.0.0.1:${backend}`).join('\n');
  fs.writeFileSync(
    config,
    fs.readFileSync(template, 'utf8').replace('@LISTEN@', `127.0.0.1:${port}`).replace('@SERVERS@', servers),
  );
  const child: ChildProcess = spawn('haproxy', ['-db', '-f', config], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`haproxy exited with ${code}`)));
  });
  await Promise.race([untilListening(port), failed]);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function untilListening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`haproxy did not listen on ${port}`);
}

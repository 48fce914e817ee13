import { spawn, type ChildProcess } from 'node:child_process';

export interface StockClientEntry {
  name: string;
  token: string;
  /** Writes a little once synced (a chapter's first client). */
  types?: boolean;
}

/**
 * Opens one stock provider per entry in a child process, so that only the server's memory is in
 * the measuring process; resolves once all are synced. Kill the child to disconnect them.
 */
export async function openStockClients(syncUrl: string, entries: StockClientEntry[]): Promise<ChildProcess> {
  const script = new URL('./stock-clients-child.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(JSON.stringify({ syncUrl, entries }));
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (data: Buffer) => data.toString().includes('synced') && resolve()),
  );
  return child;
}

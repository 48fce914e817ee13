import { connectClient } from '../clients/connect-client';
import type { SyncClient } from '../clients/sync-client';
import type { SyncEndpoint } from '../servers/server-under-test';

const POLL_MS = 50;

/**
 * Connects a fresh client to each chapter and waits until every given client of that chapter has
 * exactly the fresh client's text. Returns one failure description per chapter that did not get
 * there within `timeoutMs` (an empty list means converged). Fresh clients are destroyed afterwards.
 */
export async function checkConverged(
  endpoint: SyncEndpoint,
  clientsByDoc: ReadonlyMap<string, readonly SyncClient[]>,
  timeoutMs: number,
): Promise<string[]> {
  await endpoint.access.prepare(clientsByDoc.keys());
  const fresh = new Map<string, SyncClient>();
  for (const docName of clientsByDoc.keys()) fresh.set(docName, connectClient(endpoint, docName));
  try {
    const deadline = performance.now() + timeoutMs;
    let failures = describeDivergence(clientsByDoc, fresh);
    while (failures.length > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      failures = describeDivergence(clientsByDoc, fresh);
    }
    return failures;
  } finally {
    for (const client of fresh.values()) client.destroy();
  }
}

function describeDivergence(
  clientsByDoc: ReadonlyMap<string, readonly SyncClient[]>,
  fresh: ReadonlyMap<string, SyncClient>,
): string[] {
  const failures: string[] = [];
  for (const [docName, clients] of clientsByDoc) {
    const reference = fresh.get(docName);
    if (!reference || reference.syncedAtMs === null) {
      failures.push(`${docName}: a fresh client did not sync`);
      continue;
    }
    const expected = reference.text.toString();
    const differing = clients.filter((client) => client.text.toString() !== expected);
    if (differing.length > 0) {
      const lengths = differing.slice(0, 3).map((client) => client.text.length);
      failures.push(
        `${docName}: ${differing.length} of ${clients.length} clients differ from a fresh client ` +
          `(${expected.length} chars; differing lengths ${lengths.join(', ')})`,
      );
    }
  }
  return failures;
}

/** Groups clients by the document they are connected to. */
export function byDoc(entries: Iterable<readonly [string, SyncClient]>): Map<string, SyncClient[]> {
  const grouped = new Map<string, SyncClient[]>();
  for (const [docName, client] of entries) {
    const list = grouped.get(docName) ?? [];
    list.push(client);
    grouped.set(docName, list);
  }
  return grouped;
}

import { createHocuspocusServer } from './hocuspocus';
import { createReferenceServer } from './reference';
import type { ServerUnderTest } from './server-under-test';
import { createWethinkServer } from './wethink';

/** Every server configuration the harness knows, in the order they are interleaved. */
export const allServers: readonly ServerUnderTest[] = [
  createWethinkServer('sqlite', 'wethink'),
  createReferenceServer('memory'),
  createHocuspocusServer('memory'),
  createWethinkServer('memory', 'wethink'),
  createReferenceServer('leveldb'),
  createHocuspocusServer('sqlite'),
  createWethinkServer('postgres', 'wethink'),
  createWethinkServer('sqlite', 'y-websocket'),
  createWethinkServer('memory', 'y-websocket'),
  createWethinkServer('postgres', 'y-websocket'),
];

/** Resolves names (exact, or a family such as `wethink`) to configurations; throws on an unknown name. */
export function selectServers(names: readonly string[] | null): ServerUnderTest[] {
  if (names === null) return allServers.filter((server) => !server.isOptIn);
  const chosen = new Set<ServerUnderTest>();
  for (const name of names) {
    const matches = allServers.filter(
      (server) => server.name === name || (server.family === name && !server.isOptIn),
    );
    if (matches.length === 0) {
      const known = allServers.map((server) => server.name).join(', ');
      throw new RangeError(
        `unknown server "${name}"; known: ${known} (or a family: wethink, reference, hocuspocus)`,
      );
    }
    for (const match of matches) chosen.add(match);
  }
  return allServers.filter((server) => chosen.has(server));
}

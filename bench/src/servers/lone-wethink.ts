import { startChildServer } from './child-server';
import { wethinkServerRoot } from './paths';
import type { RunningServer } from './server-under-test';
import { WethinkAccess, WethinkAccount } from './wethink-access';
import { wethinkStartArgs } from './wethink-start-args';

/**
 * One wethink process on SQLite in `dataDir`, for the runs outside the scenario grid (public
 * readers, indexing, the browser bench), with its own account for access. `env` adds settings.
 */
export function startLoneWethink(options: {
  name: string;
  dataDir: string;
  env?: Record<string, string>;
  protocol?: 'wethink' | 'y-websocket';
  /** The account its access signs up as (for runs that call the API as it too). */
  account?: WethinkAccount;
}): Promise<RunningServer> {
  const account = options.account ?? new WethinkAccount();
  return startChildServer({
    name: options.name,
    nodeArgs: wethinkStartArgs(),
    cwd: wethinkServerRoot,
    env: { DATA_DIR: options.dataDir, STORAGE: 'sqlite', LOG_LEVEL: 'warn', ...options.env },
    readiness: { kind: 'http-200', path: '/healthz' },
    endpointFor: (port) => ({
      protocol: options.protocol ?? 'y-websocket',
      baseUrl: `ws://127.0.0.1:${port}/sync`,
      access: new WethinkAccess(`http://127.0.0.1:${port}`, account),
    }),
  });
}

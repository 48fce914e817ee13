/** Which client library speaks to a server: the stock y-websocket provider, or Hocuspocus's own. */
export type ClientProtocol = 'y-websocket' | 'hocuspocus';

/** Whether a server keeps chapters only in memory or writes them to its own storage. */
export type StorageKind = 'memory' | 'persistent';

export type ServerFamily = 'wethink' | 'reference' | 'hocuspocus';

/** Where a client connects: for y-websocket the document name is appended as a path segment. */
export interface SyncEndpoint {
  protocol: ClientProtocol;
  /** `ws://127.0.0.1:<port>` plus any path prefix the server routes documents under. */
  baseUrl: string;
}

/** A server process started by the harness; owned by whoever called `start`. */
export interface RunningServer {
  readonly pid: number;
  readonly port: number;
  readonly endpoint: SyncEndpoint;
  /** Set once the process has exited, expectedly or not; scenarios fail when it is set early. */
  readonly exitDescription: string | null;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * One server configuration the benchmark compares (wethink or a peer, in memory or with its
 * storage). `start` launches a child process pinned to the server core on a free port and
 * resolves once it accepts connections; the same `dataDir` given twice means a restart.
 */
export interface ServerUnderTest {
  /** Stable identifier used on the command line and in results, e.g. `wethink-sqlite`. */
  readonly name: string;
  readonly family: ServerFamily;
  readonly storage: StorageKind;
  start(options: { dataDir: string }): Promise<RunningServer>;
}

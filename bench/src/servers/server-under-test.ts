/**
 * Which client speaks to a server: the stock y-websocket provider, that provider with the wethink
 * client's protocol extensions on (what wethink's editor runs), or Hocuspocus's own provider.
 */
export type ClientProtocol = 'y-websocket' | 'wethink' | 'hocuspocus';

/** Whether a server keeps chapters only in memory or writes them to its own storage. */
export type StorageKind = 'memory' | 'persistent';

export type ServerFamily = 'wethink' | 'reference' | 'hocuspocus';

/** What a client opens for one bench document: the server's name for it and query parameters. */
export interface DocRoute {
  room: string;
  params: Record<string, string>;
}

/**
 * How the bench's document names (`fanout/n50`, `book-3/chapter-61`) reach a server. A server
 * that needs accounts maps them here (wethink: first segment → a book, plus a connection token);
 * the peers take them as they are. `prepare` does any IO, so scenarios call it before a measured
 * window; `route` is then a lookup, called as each client connects.
 */
export interface DocAccess {
  /** Readies `route` for these names; `[]` readies the account alone. Idempotent and cached. */
  prepare(docNames: Iterable<string>): Promise<void>;
  /** Throws for a name `prepare` has not readied (or whose credentials went stale since). */
  route(docName: string): DocRoute;
}

/** Every name as it is, no credentials: the reference server and Hocuspocus. */
export const openAccess: DocAccess = {
  prepare: () => Promise.resolve(),
  route: (docName) => ({ room: docName, params: {} }),
};

/** Where a client connects: for y-websocket the room name is appended as a path segment. */
export interface SyncEndpoint {
  protocol: ClientProtocol;
  /** `ws://127.0.0.1:<port>` plus any path prefix the server routes documents under. */
  baseUrl: string;
  access: DocAccess;
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

export interface StartOptions {
  dataDir: string;
  /**
   * Where a server that supports it writes a V8 CPU profile of each process (`--cpu-prof`), one
   * file per start; null: no profiling (profiling costs the server CPU: figures are not comparable).
   */
  cpuProfileDir: string | null;
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
  /** Run only when named on the command line, never by default or by its family's name. */
  readonly isOptIn?: boolean;
  /**
   * One-time setup before this configuration's first run (building a native module). A
   * rejection means it is not run at all; its message is the reason the report gives.
   */
  setup?(log: (message: string) => void): Promise<void>;
  start(options: StartOptions): Promise<RunningServer>;
}

/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Override of the sync socket URL, e.g. `ws://127.0.0.1:1234/sync` when the client runs under `vite`. */
  readonly VITE_SYNC_URL?: string;
}

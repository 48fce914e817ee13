/** What the sync layer reports; the HTTP layer backs it with Prometheus. */
export interface SyncMetrics {
  messageReceived(type: number, bytes: number): void;
  updateStored(bytes: number, appendSeconds: number): void;
  /** One storage transaction on the write path (a batch append, a binding of client ids). */
  writeTransaction(): void;
  peerClosed(code: number): void;
  roomsChanged(delta: number): void;
  peersChanged(delta: number): void;
  roomLoaded(seconds: number): void;
  compacted(seconds: number): void;
}

export const noopSyncMetrics: SyncMetrics = {
  messageReceived: () => {},
  updateStored: () => {},
  writeTransaction: () => {},
  peerClosed: () => {},
  roomsChanged: () => {},
  peersChanged: () => {},
  roomLoaded: () => {},
  compacted: () => {},
};

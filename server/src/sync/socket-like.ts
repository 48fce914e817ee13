/** The transport a Peer needs; `ws` implements it, tests can fake it. */
export interface SocketLike {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a close handshake, freeing what is queued for it. */
  terminate(): void;
  /** Holds writes until `uncork`, so several frames leave in one write to the kernel. */
  cork(): void;
  uncork(): void;
  /** Bytes queued in user space and not yet handed to the kernel. */
  readonly bufferedAmount: number;
}

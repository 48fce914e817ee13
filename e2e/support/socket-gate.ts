import type { Page, WebSocketRoute } from '@playwright/test';
import { MessageType, SaveLevel } from '@wethink/shared';

type Frame = string | Buffer;

/** The level of a save ack frame, or null for any other frame. */
function saveAckLevel(frame: Frame): number | null {
  if (typeof frame === 'string' || frame[0] !== MessageType.saveAck) return null;
  // [101, varUint requestId, varUint level]: the level (1 or 2) is always the last byte.
  return frame[frame.length - 1] ?? null;
}

/**
 * Puts a page's sync sockets behind a switchboard: every frame goes through the test, which can
 * hold the server's save acks back or cut the connection (close open sockets, refuse new ones).
 * Install before the page opens its sockets.
 */
export class SocketGate {
  private readonly open = new Set<WebSocketRoute>();
  private readonly held: Array<{ route: WebSocketRoute; frame: Frame }> = [];
  private heldLevel: number | null = null;
  private isBlocked = false;
  /** Save acks the server sent, by level, whether held or passed on. */
  readonly acksFromServer = { received: 0, durable: 0 };

  static async install(page: Page): Promise<SocketGate> {
    const gate = new SocketGate();
    await page.routeWebSocket(/\/sync\//, (route) => gate.accept(route));
    return gate;
  }

  /** Holds back save acks of this level (default: durable) until `releaseAcks`. */
  holdAcks(level: number = SaveLevel.durable): void {
    this.heldLevel = level;
  }

  get heldAckCount(): number {
    return this.held.length;
  }

  releaseAcks(): void {
    this.heldLevel = null;
    for (const { route, frame } of this.held.splice(0)) {
      if (this.open.has(route)) route.send(frame);
    }
  }

  /** Cuts the connection: open sockets close as after a network loss, new ones are refused. */
  async block(): Promise<void> {
    this.isBlocked = true;
    await Promise.all([...this.open].map((route) => this.drop(route)));
  }

  unblock(): void {
    this.isBlocked = false;
  }

  private accept(route: WebSocketRoute): void {
    if (this.isBlocked) {
      void this.drop(route);
      return;
    }
    this.open.add(route);
    const server = route.connectToServer();
    route.onMessage((frame) => server.send(frame));
    server.onMessage((frame) => {
      const level = saveAckLevel(frame);
      if (level === SaveLevel.received) this.acksFromServer.received += 1;
      if (level === SaveLevel.durable) this.acksFromServer.durable += 1;
      if (this.heldLevel !== null && level !== null && level >= this.heldLevel) {
        this.held.push({ route, frame });
      } else {
        route.send(frame);
      }
    });
    route.onClose(() => this.open.delete(route));
    server.onClose((code, reason) => {
      this.open.delete(route);
      void route.close({ code, reason });
    });
  }

  private async drop(route: WebSocketRoute): Promise<void> {
    this.open.delete(route);
    // 1001 is what a server restart sends; the client treats it as retryable, like a network loss.
    await route.close({ code: 1001, reason: 'connection cut by the test' });
  }
}

/**
 * Which other instances this one has heard from, and which of them stopped refreshing their
 * liveness key: their peers' cursors must go within seconds, not after y-protocols' 30 s timeout.
 * State only; the hub reads and writes Redis.
 */
export class InstanceLiveness {
  private readonly known = new Set<string>();
  /** No instance is declared gone before this time (Redis just came back: keys are being rewritten). */
  private quietUntilMs = 0;

  constructor(
    private readonly self: string,
    private readonly ttlMs: number,
  ) {}

  heard(instance: string): void {
    if (instance !== this.self) this.known.add(instance);
  }

  /** Redis (re)connected: every key may be missing until each instance's next refresh. */
  reconnected(nowMs: number): void {
    this.quietUntilMs = nowMs + this.ttlMs;
  }

  /** The instances to look up now (none while keys may be missing for another reason). */
  toCheck(nowMs: number): string[] {
    return nowMs < this.quietUntilMs ? [] : [...this.known];
  }

  /** An instance whose key is gone: forgotten until heard from again. */
  gone(instance: string): void {
    this.known.delete(instance);
  }
}

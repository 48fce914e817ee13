/**
 * A scroll to a passage that must wait until the chapter has loaded: `follow` is called after
 * every render with the wanted jump's key and a try; the try runs until it succeeds once per key.
 */
export class PendingJump {
  private done: string | null = null;

  follow(key: string | null, attempt: () => boolean): void {
    if (key === null) {
      this.done = null;
      return;
    }
    if (key === this.done) return;
    if (attempt()) this.done = key;
  }
}

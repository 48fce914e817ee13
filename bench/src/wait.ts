/** Polls `condition` every `pollMs` until it holds; throws with `description` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  options: { timeoutMs: number; description: string; pollMs?: number },
): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline)
      throw new Error(`${options.description} (after ${options.timeoutMs} ms)`);
    await sleep(options.pollMs ?? 20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

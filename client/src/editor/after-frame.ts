const queue: Array<() => void> = [];
let channel: MessageChannel | null = null;

function runQueue(): void {
  for (const callback of queue.splice(0)) callback();
}

/**
 * Runs `callback` in a task after the next frame has been produced, so what it does (and renders)
 * does not delay the frame that shows a keystroke: a task posted from an animation frame callback
 * runs after that frame's paint work. Callbacks of one frame share one message. In a hidden tab,
 * which produces no frames, they wait until it is shown.
 */
export function afterNextFrame(callback: () => void): void {
  requestAnimationFrame(() => {
    if (queue.push(callback) > 1) return;
    if (channel === null) {
      channel = new MessageChannel();
      channel.port1.onmessage = runQueue;
    }
    channel.port2.postMessage(null);
  });
}

import type { CDPSession, Page } from 'playwright-core';

/** One keystroke as the page saw it. */
export interface KeystrokeSample {
  /** Event Timing's keydown-to-next-paint duration (8 ms granularity), or null under its 16 ms floor. */
  eventTimingMs: number | null;
  /** keydown's timestamp to the task after the next animation frame: a finer, paint-bound estimate. */
  nextFrameMs: number;
}

interface ProbeRecord {
  t: number;
  frame: number | null;
}

interface ProbeWindow {
  keys: ProbeRecord[];
  entries: Array<{ start: number; duration: number }>;
}

/**
 * Installed before the page's own scripts: notes every keydown's timestamp, when the frame after it
 * was produced (a task posted from the next animation frame callback runs after that frame's paint
 * work), and Event Timing's entries for keydowns (Chromium reports those of 16 ms and more).
 */
export function installProbe(): void {
  const probe: ProbeWindow = { keys: [], entries: [] };
  Object.assign(window, { keystrokeProbe: probe });
  addEventListener(
    'keydown',
    (event: KeyboardEvent) => {
      const record: ProbeRecord = { t: event.timeStamp, frame: null };
      probe.keys.push(record);
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          record.frame = performance.now() - record.t;
        };
        channel.port2.postMessage(null);
      });
    },
    true,
  );
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'keydown') probe.entries.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
}

/** Forgets what was noted so far (the page's load and setup). */
export async function resetProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = (window as unknown as { keystrokeProbe: ProbeWindow }).keystrokeProbe;
    probe.keys.length = 0;
    probe.entries.length = 0;
  });
}

export async function readSamples(page: Page): Promise<KeystrokeSample[]> {
  const { keys, entries } = await page.evaluate(
    () => (window as unknown as { keystrokeProbe: ProbeWindow }).keystrokeProbe,
  );
  return keys
    .filter((key) => key.frame !== null)
    .map((key) => {
      const entry = entries.find((candidate) => Math.abs(candidate.start - key.t) < 1);
      return { eventTimingMs: entry?.duration ?? null, nextFrameMs: key.frame ?? 0 };
    });
}

export interface MainThreadMetrics {
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  layoutCount: number;
}

/** The renderer's main-thread busy time so far (CDP Performance.getMetrics), in ms. */
export async function mainThreadBusyMs(cdp: CDPSession): Promise<MainThreadMetrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const pick = (name: string) => (metrics.find((metric) => metric.name === name)?.value ?? 0) * 1000;
  return {
    taskMs: pick('TaskDuration'),
    scriptMs: pick('ScriptDuration'),
    layoutMs: pick('LayoutDuration'),
    styleMs: pick('RecalcStyleDuration'),
    layoutCount: metrics.find((metric) => metric.name === 'LayoutCount')?.value ?? 0,
  };
}

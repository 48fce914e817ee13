import type { NotificationsView } from '@wethink/shared/client';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/api/api-client';
import { NotificationsController } from '../../src/comments/notifications-controller';

const host = { addController: () => {}, removeController: () => {}, requestUpdate: () => {} };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A window whose poll and focus the test fires by hand. */
function handWindow() {
  const listeners = new Map<string, () => void>();
  let tick: (() => void) | null = null;
  return {
    win: {
      addEventListener: (type: string, listener: () => void) => void listeners.set(type, listener),
      removeEventListener: (type: string) => void listeners.delete(type),
      setInterval: (handler: () => void) => {
        tick = handler;
        return 1;
      },
      clearInterval: () => {
        tick = null;
      },
    } as unknown as NotificationsDeps['win'],
    focus: () => listeners.get('focus')?.(),
    tick: () => tick?.(),
  };
}
type NotificationsDeps = ConstructorParameters<typeof NotificationsController>[1];

function counting(unread: number) {
  const calls = { count: 0 };
  const api = {
    notifications: async (): Promise<NotificationsView> => {
      calls.count += 1;
      return { notifications: [], unread };
    },
  } as unknown as ApiClient;
  return { api, calls };
}

describe('NotificationsController', () => {
  it('polls and refreshes on focus only while no socket carries notices', async () => {
    const { api, calls } = counting(2);
    const hand = handWindow();
    let isLive = true;
    const bell = new NotificationsController(host as never, {
      api,
      win: hand.win,
      isSignedIn: () => true,
      hasLiveNotices: () => isLive,
    });
    bell.hostConnected();
    hand.tick();
    hand.focus();
    await settle();
    expect(calls.count).toBe(0);

    isLive = false;
    hand.tick();
    await settle();
    hand.focus();
    await settle();
    expect(calls.count).toBe(2);
    expect(bell.state.unread).toBe(2);
    bell.hostDisconnected();
  });

  it('refreshes at once when told (a notice arrived), live socket or not', async () => {
    const { api, calls } = counting(1);
    const hand = handWindow();
    const bell = new NotificationsController(host as never, {
      api,
      win: hand.win,
      isSignedIn: () => true,
      hasLiveNotices: () => true,
    });
    await bell.refresh();
    expect(calls.count).toBe(1);
    expect(bell.state.unread).toBe(1);
  });
});

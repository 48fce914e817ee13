import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from '../../src/sync/group-commit';

const DELAY_MS = 10;

/** A sync whose every call stays in flight until the test settles it. */
function controllableSync() {
  const calls: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  const sync = vi.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        calls.push({ resolve, reject });
      }),
  );
  /** Settles call `index` and lets the promise callbacks run. */
  const finish = async (index: number): Promise<void> => {
    const call = calls[index];
    if (!call) throw new Error(`sync call ${index} never started (${calls.length} started)`);
    call.resolve();
    await vi.advanceTimersByTimeAsync(0);
  };
  const fail = async (index: number, error: unknown): Promise<void> => {
    const call = calls[index];
    if (!call) throw new Error(`sync call ${index} never started (${calls.length} started)`);
    call.reject(error);
    await vi.advanceTimersByTimeAsync(0);
  };
  return { sync, calls, finish, fail };
}

function setup() {
  const control = controllableSync();
  const onError = vi.fn();
  const commit = new GroupCommit({ sync: control.sync, delayMs: DELAY_MS, onError });
  const acked: number[] = [];
  /** Appends once and records the seq when its durability callback fires. */
  const append = (): number => {
    const seq = commit.noteAppend();
    commit.onDurable(seq, () => acked.push(seq));
    return seq;
  };
  return { ...control, onError, commit, acked, append };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('GroupCommit', () => {
  it('numbers appends from 1 and counts the ones not yet durable', () => {
    const { commit } = setup();
    expect([commit.noteAppend(), commit.noteAppend(), commit.noteAppend()]).toEqual([1, 2, 3]);
    expect(commit.pendingCount).toBe(3);
  });

  it('does not sync before the delay, and never without appends', async () => {
    const { sync, commit } = setup();
    await vi.advanceTimersByTimeAsync(DELAY_MS * 10);
    expect(sync).not.toHaveBeenCalled();
    commit.noteAppend();
    await vi.advanceTimersByTimeAsync(DELAY_MS - 1);
    expect(sync).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(sync).toHaveBeenCalledTimes(1);
  });

  it('batches many appends into one sync and acks them all when it completes', async () => {
    const { sync, finish, acked, append, commit } = setup();
    for (let i = 0; i < 50; i++) append();
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    expect(sync).toHaveBeenCalledTimes(1);
    expect(acked).toEqual([]);
    await finish(0);
    expect(acked).toHaveLength(50);
    expect(commit.pendingCount).toBe(0);
    await vi.advanceTimersByTimeAsync(DELAY_MS * 10);
    expect(sync).toHaveBeenCalledTimes(1);
  });

  it('acks an append only after a sync that started after it has finished', async () => {
    const { sync, finish, acked, append } = setup();
    const first = append();
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    expect(sync).toHaveBeenCalledTimes(1);
    // Written while sync 0 is already in flight: sync 0 may not cover it.
    const second = append();
    await finish(0);
    expect(acked).toEqual([first]);
    expect(sync).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    expect(sync).toHaveBeenCalledTimes(2);
    expect(acked).toEqual([first]);
    await finish(1);
    expect(acked).toEqual([first, second]);
  });

  it('keeps at most one sync in flight while appends keep coming', async () => {
    const { sync, finish, append } = setup();
    append();
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    for (let i = 0; i < 20; i++) {
      append();
      await vi.advanceTimersByTimeAsync(DELAY_MS);
    }
    expect(sync).toHaveBeenCalledTimes(1);
    await finish(0);
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    expect(sync).toHaveBeenCalledTimes(2);
  });

  it('calls back at once for a seq that is already durable', async () => {
    const { finish, commit } = setup();
    const seq = commit.noteAppend();
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    await finish(0);
    const late = vi.fn();
    commit.onDurable(seq, late);
    expect(late).toHaveBeenCalledTimes(1);
    const zero = vi.fn();
    commit.onDurable(0, zero);
    expect(zero).toHaveBeenCalledTimes(1);
  });

  it('flush resolves at once when nothing is pending', async () => {
    const { sync, commit } = setup();
    await expect(commit.flush()).resolves.toBeUndefined();
    expect(sync).not.toHaveBeenCalled();
  });

  it('flush starts the sync without waiting for the delay', async () => {
    const { sync, finish, commit, acked, append } = setup();
    append();
    append();
    const flushed = vi.fn();
    void commit.flush().then(flushed);
    expect(sync).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(flushed).not.toHaveBeenCalled();
    await finish(0);
    expect(flushed).toHaveBeenCalledTimes(1);
    expect(acked).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(DELAY_MS * 10);
    expect(sync).toHaveBeenCalledTimes(1);
  });

  it('flush during an in-flight sync also waits for the appends that sync does not cover', async () => {
    const { sync, finish, commit, append } = setup();
    append();
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    append();
    const flushed = vi.fn();
    void commit.flush().then(flushed);
    await finish(0);
    expect(flushed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    expect(sync).toHaveBeenCalledTimes(2);
    await finish(1);
    expect(flushed).toHaveBeenCalledTimes(1);
    expect(commit.pendingCount).toBe(0);
  });

  it('flush during an in-flight sync that covers everything resolves with that sync', async () => {
    const { sync, finish, commit, append } = setup();
    append();
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    const flushed = vi.fn();
    void commit.flush().then(flushed);
    await finish(0);
    expect(flushed).toHaveBeenCalledTimes(1);
    expect(sync).toHaveBeenCalledTimes(1);
  });

  it('reports a failed sync to onError and acks nothing it would have covered', async () => {
    const { fail, onError, acked, append, commit } = setup();
    append();
    append();
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    const error = new Error('EIO: fsync failed');
    await fail(0, error);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(error);
    expect(acked).toEqual([]);
    expect(commit.pendingCount).toBe(2);
  });

  it('acks everything with the next successful sync after a failure', async () => {
    const { sync, fail, finish, acked, append } = setup();
    append();
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    await fail(0, new Error('EIO'));
    append();
    await vi.advanceTimersByTimeAsync(DELAY_MS);
    expect(sync).toHaveBeenCalledTimes(2);
    await finish(1);
    expect(acked).toEqual([1, 2]);
  });
});

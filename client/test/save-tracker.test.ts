import { SaveLevel } from '@wethink/shared/client';
import { describe, expect, it } from 'vitest';
import { SaveTracker } from '../src/collab/save-tracker';

describe('SaveTracker', () => {
  it('has nothing to save before any change', () => {
    expect(new SaveTracker().summary()).toEqual({ stage: 'saved', unsavedChanges: 0, unsavedOnDevice: 0 });
  });

  it('walks a change through memory, device, sent and saved', () => {
    const tracker = new SaveTracker();
    const seq = tracker.recordLocalChange();
    expect(tracker.summary().stage).toBe('memory');
    tracker.markOnDevice(seq);
    expect(tracker.summary()).toEqual({ stage: 'device', unsavedChanges: 1, unsavedOnDevice: 1 });
    const request = tracker.beginRequest();
    tracker.acknowledge(request, SaveLevel.received);
    expect(tracker.summary().stage).toBe('sent');
    tracker.acknowledge(request, SaveLevel.durable);
    expect(tracker.summary()).toEqual({ stage: 'saved', unsavedChanges: 0, unsavedOnDevice: 0 });
  });

  it('is not saved when a change came after the acknowledged request', () => {
    const tracker = new SaveTracker();
    tracker.recordLocalChange();
    const request = tracker.beginRequest();
    tracker.recordLocalChange();
    tracker.acknowledge(request, SaveLevel.durable);
    expect(tracker.summary()).toMatchObject({ stage: 'memory', unsavedChanges: 1 });
  });

  it('ignores acks for requests of a closed socket', () => {
    const tracker = new SaveTracker();
    tracker.recordLocalChange();
    const request = tracker.beginRequest();
    tracker.dropInFlight();
    expect(tracker.acknowledge(request, SaveLevel.durable)).toBe(false);
    expect(tracker.summary().unsavedChanges).toBe(1);
  });

  it('counts changes a closed tab left on the device as unsaved until a durable ack', () => {
    const tracker = new SaveTracker(3);
    expect(tracker.summary()).toEqual({ stage: 'device', unsavedChanges: 3, unsavedOnDevice: 3 });
    tracker.acknowledge(tracker.beginRequest(), SaveLevel.durable);
    expect(tracker.summary().stage).toBe('saved');
  });

  it('treats a durable ack as received even if it overtakes the received ack', () => {
    const tracker = new SaveTracker();
    tracker.recordLocalChange();
    const first = tracker.beginRequest();
    tracker.recordLocalChange();
    const second = tracker.beginRequest();
    tracker.acknowledge(second, SaveLevel.durable);
    expect(tracker.acknowledge(first, SaveLevel.received)).toBe(false);
    expect(tracker.summary().stage).toBe('saved');
  });

  it('rejects a negative carry-over', () => {
    expect(() => new SaveTracker(-1)).toThrow(/-1/);
  });
});

import { chapterFragment } from '@wethink/shared/client';
import type { EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ySyncPluginKey } from 'y-prosemirror';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  flushDomSelectionBeforeRemoteChanges,
  readPendingDomSelection,
} from '../../src/editor/dom-selection-flush';

/** A stand-in for the view: only the internal DOM observer the module touches. */
function fakeView(domObserver: { queue?: unknown[]; flush?: () => void } | undefined): EditorView {
  return { domObserver } as unknown as EditorView;
}

function setUp(view: EditorView | null) {
  const ydoc = new Y.Doc();
  const fragment = chapterFragment(ydoc);
  const awareness = new Awareness(ydoc);
  const stop = flushDomSelectionBeforeRemoteChanges({ fragment, awareness, getView: () => view });
  return { ydoc, fragment, awareness, stop };
}

/** An update from another author's document that adds a paragraph. */
function remoteParagraph(): Uint8Array {
  const other = new Y.Doc();
  chapterFragment(other).insert(0, [new Y.XmlElement('paragraph')]);
  return Y.encodeStateAsUpdate(other);
}

function remoteCaret(): Uint8Array {
  const other = new Awareness(new Y.Doc());
  other.setLocalStateField('cursor', { anchor: 1, head: 1 });
  return encodeAwarenessUpdate(other, [other.clientID]);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('flushDomSelectionBeforeRemoteChanges', () => {
  it('reads the DOM selection before a remote change, ahead of listeners added after it', () => {
    const calls: string[] = [];
    const { ydoc, stop } = setUp(fakeView({ queue: [], flush: () => calls.push('flush') }));
    ydoc.on('beforeAllTransactions', () => calls.push('y-prosemirror'));
    Y.applyUpdate(ydoc, remoteParagraph(), 'provider');
    expect(calls).toEqual(['flush', 'y-prosemirror']);
    stop();
  });

  it('leaves local transactions alone: they start inside the editor’s own update', () => {
    const flush = vi.fn();
    const { ydoc, fragment, stop } = setUp(fakeView({ queue: [], flush }));
    ydoc.transact(() => fragment.insert(0, [new Y.XmlElement('paragraph')]), ySyncPluginKey);
    expect(flush).not.toHaveBeenCalled();
    stop();
  });

  it('does not flush inside a remote transaction while DOM mutations wait to be read', () => {
    const flush = vi.fn();
    const { ydoc, stop } = setUp(fakeView({ queue: [{ type: 'characterData' }], flush }));
    Y.applyUpdate(ydoc, remoteParagraph(), 'provider');
    expect(flush).not.toHaveBeenCalled();
    stop();
  });

  it('reads the DOM selection before a co-author’s caret moves, not when this author’s does', () => {
    const flush = vi.fn();
    const { awareness, stop } = setUp(fakeView({ queue: [], flush }));
    awareness.setLocalStateField('cursor', { anchor: 2, head: 2 });
    expect(flush).not.toHaveBeenCalled();
    applyAwarenessUpdate(awareness, remoteCaret(), 'provider');
    expect(flush).toHaveBeenCalledTimes(1);
    stop();
  });

  it('does nothing without a view or once stopped', () => {
    const flush = vi.fn();
    const withoutView = setUp(null);
    Y.applyUpdate(withoutView.ydoc, remoteParagraph(), 'provider');
    const stopped = setUp(fakeView({ queue: [], flush }));
    stopped.stop();
    Y.applyUpdate(stopped.ydoc, remoteParagraph(), 'provider');
    applyAwarenessUpdate(stopped.awareness, remoteCaret(), 'provider');
    expect(flush).not.toHaveBeenCalled();
    withoutView.stop();
  });

  it('raises a failing flush after the transaction, leaving the Y.Doc usable', () => {
    const raised: Array<() => void> = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => raised.push(task));
    const { ydoc, fragment, stop } = setUp(
      fakeView({
        queue: [],
        flush: () => {
          throw new RangeError('Invalid position 99');
        },
      }),
    );
    Y.applyUpdate(ydoc, remoteParagraph(), 'provider');
    expect(fragment.length).toBe(1);
    ydoc.transact(() => fragment.insert(1, [new Y.XmlElement('paragraph')]), ySyncPluginKey);
    expect(fragment.length).toBe(2);
    expect(raised).toHaveLength(1);
    expect(() => raised[0]?.()).toThrow(/reading the pending DOM selection failed/);
    stop();
  });

  it('says so when prosemirror-view no longer has the observer it reads', () => {
    const raised: Array<() => void> = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => raised.push(task));
    const { awareness, stop } = setUp(fakeView(undefined));
    applyAwarenessUpdate(awareness, remoteCaret(), 'provider');
    const noFlush = expect.objectContaining({
      message: expect.stringMatching(/has no flush\(\): undefined/),
    });
    expect(() => raised[0]?.()).toThrow(expect.objectContaining({ cause: noFlush }));
    stop();
  });
});

describe('readPendingDomSelection', () => {
  it('flushes the view’s DOM observer, unread DOM mutations included (no Yjs transaction is open)', () => {
    const flush = vi.fn();
    readPendingDomSelection(fakeView({ queue: [{ type: 'characterData' }], flush }));
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('raises a failure in a microtask instead of throwing at the redraw that called it', () => {
    const raised: Array<() => void> = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => raised.push(task));
    const view = fakeView({
      queue: [],
      flush: () => {
        throw new RangeError('Invalid position 99');
      },
    });
    expect(() => readPendingDomSelection(view)).not.toThrow();
    expect(() => raised[0]?.()).toThrow(
      expect.objectContaining({
        message: 'reading the pending DOM selection failed',
        cause: expect.objectContaining({ message: 'Invalid position 99' }),
      }),
    );
  });

  it('says so when prosemirror-view no longer has the observer it reads', () => {
    const raised: Array<() => void> = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => raised.push(task));
    readPendingDomSelection(fakeView({ queue: [] }));
    const noFlush = expect.objectContaining({
      message: expect.stringMatching(/has no flush\(\): \[object Object\]/),
    });
    expect(() => raised[0]?.()).toThrow(expect.objectContaining({ cause: noFlush }));
  });
});

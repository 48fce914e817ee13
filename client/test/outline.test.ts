import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { chapterFragment } from '@wethink/shared/client';
import { OutlineController } from '../src/outline/outline-controller';
import { outlineOf } from '../src/outline/outline';

function block(name: string, text: string, level?: unknown): Y.XmlElement {
  const element = new Y.XmlElement(name);
  if (level !== undefined) element.setAttribute('level', level as string);
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

describe('outline', () => {
  it('lists top-level headings in order with their block index, clamping odd levels', () => {
    const doc = new Y.Doc();
    chapterFragment(doc).push([
      block('heading', 'Start', 1),
      block('paragraph', 'text'),
      block('heading', '  Linux   at home ', 2),
      block('heading', '', 9),
    ]);
    expect(outlineOf(chapterFragment(doc))).toEqual([
      { level: 1, text: 'Start', blockIndex: 0 },
      { level: 2, text: 'Linux at home', blockIndex: 2 },
      { level: 3, text: 'Untitled section', blockIndex: 3 },
    ]);
  });

  it('follows remote edits after a short delay and re-renders only when the headings changed', () => {
    vi.useFakeTimers();
    try {
      const doc = new Y.Doc();
      const host = {
        addController: vi.fn(),
        removeController: vi.fn(),
        requestUpdate: vi.fn(),
        updateComplete: Promise.resolve(true),
      };
      const outline = new OutlineController(host, {
        setTimeout: (callback, ms) => setTimeout(callback, ms),
        clearTimeout: (handle) => clearTimeout(handle as number),
      });
      outline.follow(chapterFragment(doc));
      expect(outline.items).toEqual([]);
      chapterFragment(doc).push([block('heading', 'One', 1)]);
      expect(outline.items).toEqual([]);
      vi.advanceTimersByTime(300);
      expect(outline.items.map((item) => item.text)).toEqual(['One']);
      expect(host.requestUpdate).toHaveBeenCalledTimes(1);
      chapterFragment(doc).push([block('paragraph', 'body')]);
      vi.advanceTimersByTime(300);
      expect(host.requestUpdate).toHaveBeenCalledTimes(1);
      outline.hostDisconnected();
    } finally {
      vi.useRealTimers();
    }
  });
});

import { deflateRawSync } from 'node:zlib';
import * as Y from 'yjs';
import { CHAPTER_TEXT_NAME } from '../clients/sync-client';
import { percentile } from '../metrics';
import { automergePaperChapter } from '../sim/editing-trace';

const REPEATS = 5;

/**
 * The floor under the cold-load figures: what Yjs alone needs, in this process, to load the
 * automerge-paper chapter from its encoded state and encode it again for a client.
 */
export function measureYjsFloor(): Record<string, number> {
  const chapter = automergePaperChapter();
  const loadMs: number[] = [];
  const encodeMs: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const loadStart = performance.now();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, chapter.state);
    const text = doc.getText(CHAPTER_TEXT_NAME).toString();
    loadMs.push(performance.now() - loadStart);
    if (text.length !== chapter.text.length) throw new Error(`floor load produced ${text.length} chars`);
    const encodeStart = performance.now();
    Y.encodeStateAsUpdate(doc);
    encodeMs.push(performance.now() - encodeStart);
    doc.destroy();
  }
  const load = percentile(loadMs, 50) ?? Number.NaN;
  const encode = percentile(encodeMs, 50) ?? Number.NaN;
  return {
    traceEdits: chapter.edits,
    textChars: chapter.text.length,
    replayMs: chapter.replayMs,
    stateBytes: chapter.state.length,
    stateDeflatedBytes: deflateRawSync(chapter.state).length,
    applyUpdateMs: load,
    encodeStateAsUpdateMs: encode,
    applyAndEncodeMs: load + encode,
  };
}

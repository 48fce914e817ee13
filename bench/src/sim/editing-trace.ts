import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { CHAPTER_TEXT_NAME } from '../clients/sync-client';
import { benchRoot } from '../servers/paths';

/** The automerge-paper trace, kept in the bench package (bench/traces/README.md: source, license). */
export const AUTOMERGE_PAPER_PATH = path.join(benchRoot, 'traces', 'automerge-paper.json.gz');

type Patch = [position: number, deleted: number, inserted: string];

export interface EditingTrace {
  startContent: string;
  endContent: string;
  txns: { patches: Patch[] }[];
}

export function loadTrace(file = AUTOMERGE_PAPER_PATH): EditingTrace {
  const trace = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as EditingTrace;
  if (!Array.isArray(trace.txns) || typeof trace.endContent !== 'string') {
    throw new Error(`${file} is not a {startContent, endContent, txns} editing trace`);
  }
  return trace;
}

/** A chapter built by replaying a trace, one Yjs transaction per trace transaction. */
export interface BuiltChapter {
  /** `Y.encodeStateAsUpdate` of the built document. */
  state: Uint8Array;
  text: string;
  edits: number;
  replayMs: number;
}

/**
 * The trace's author as a fixed Yjs client id, so every run loads the same bytes. Yjs picks ids as
 * random uint32s, and every item's origin carries one: an id below 2^28 (one run in 16) made the
 * state 289 KB instead of the 311 KB it has with the other 15 in 16, this one among them.
 */
const TRACE_CLIENT_ID = 2_710_396_312;

export function buildChapter(trace: EditingTrace): BuiltChapter {
  const startedMs = performance.now();
  const doc = new Y.Doc();
  doc.clientID = TRACE_CLIENT_ID;
  const text = doc.getText(CHAPTER_TEXT_NAME);
  if (trace.startContent) text.insert(0, trace.startContent);
  let edits = 0;
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [position, deleted, inserted] of txn.patches) {
        if (deleted > 0) text.delete(position, deleted);
        if (inserted) text.insert(position, inserted);
        edits += 1;
      }
    });
  }
  const replayMs = performance.now() - startedMs;
  const built = { state: Y.encodeStateAsUpdate(doc), text: text.toString(), edits, replayMs };
  doc.destroy();
  if (built.text !== trace.endContent) {
    throw new Error(`replayed trace has ${built.text.length} chars, expected ${trace.endContent.length}`);
  }
  return built;
}

let automergePaper: BuiltChapter | null = null;

/** The automerge-paper chapter, built on first use and kept for the rest of the run. */
export function automergePaperChapter(): BuiltChapter {
  automergePaper ??= buildChapter(loadTrace());
  return automergePaper;
}

import * as Y from 'yjs';
import { chapterFragment, type DiffRun, type DiffRunKind } from '@wethink/shared';
import type { AuthorOf } from './authorship';
import { walkChapterText } from './chapter-text';

export interface DiffInput {
  /** Both as V2 updates of the whole document, from the same chapter's history. */
  from: Uint8Array;
  to: Uint8Array;
  authorOf: AuthorOf;
  /** Who deleted the character with this id (null when unknown). */
  deleterOf: (clientId: number, clock: number) => string | null;
}

function visibility(snapshot: Y.Snapshot): (client: number, clock: number) => boolean {
  return (client, clock) =>
    clock < (snapshot.sv.get(client) ?? 0) && !Y.isDeleted(snapshot.ds, Y.createID(client, clock));
}

function snapshotOf(update: Uint8Array): Y.Snapshot {
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdateV2(doc, update);
  const snapshot = Y.snapshot(doc);
  doc.destroy();
  return snapshot;
}

/**
 * The difference between two versions of a chapter as runs of equal, inserted and deleted text.
 * Both states are merged into one document that keeps deleted content (the older one is applied
 * first, so text it shows keeps its characters even where the newer one collected them); its
 * text is walked once and each character is classified by its visibility in either version.
 */
export function diffVersions(input: DiffInput): DiffRun[] {
  const fromVisible = visibility(snapshotOf(input.from));
  const toVisible = visibility(snapshotOf(input.to));
  const merged = new Y.Doc({ gc: false });
  Y.applyUpdateV2(merged, input.from);
  Y.applyUpdateV2(merged, input.to);
  const runs: DiffRun[] = [];
  let hasText = false;
  const push = (kind: DiffRunKind, text: string, userId: string | null, client: number): void => {
    const writtenBy = kind === 'delete' ? input.authorOf(client) : null;
    const last = runs.at(-1);
    if (
      last &&
      last.kind === kind &&
      (last.userId ?? null) === userId &&
      (last.writtenBy ?? null) === writtenBy
    ) {
      last.text += text;
      return;
    }
    runs.push({
      kind,
      text,
      ...(userId === null ? {} : { userId }),
      ...(writtenBy === null ? {} : { writtenBy }),
    });
  };
  const classify = (client: number, clock: number): DiffRunKind | null => {
    const inFrom = fromVisible(client, clock);
    const inTo = toVisible(client, clock);
    if (inFrom && inTo) return 'equal';
    if (inTo) return 'insert';
    return inFrom ? 'delete' : null;
  };
  const userOf = (kind: DiffRunKind, client: number, clock: number): string | null =>
    kind === 'delete' ? input.deleterOf(client, clock) : input.authorOf(client);
  walkChapterText(
    chapterFragment(merged),
    {
      blockStart: (block) => {
        if (!hasText || !block) return;
        const kind = classify(block.id.client, block.id.clock);
        if (kind) push(kind, '\n', userOf(kind, block.id.client, block.id.clock), block.id.client);
      },
      text: (item) => {
        const { client, clock } = item.id;
        const str = item.content.str;
        for (let offset = 0; offset < str.length;) {
          const kind = classify(client, clock + offset);
          const user = kind ? userOf(kind, client, clock + offset) : null;
          let end = offset + 1;
          while (
            end < str.length &&
            classify(client, clock + end) === kind &&
            (kind !== 'delete' || input.deleterOf(client, clock + end) === user)
          ) {
            end += 1;
          }
          if (kind) {
            hasText = true;
            push(kind, str.slice(offset, end), user, client);
          }
          offset = end;
        }
      },
    },
    (item) => !(item.content instanceof Y.ContentType) || classify(item.id.client, item.id.clock) !== null,
  );
  merged.destroy();
  return runs;
}

import * as Y from 'yjs';
import {
  AppError,
  MAX_CHAPTERS,
  blockedOf,
  docKindOf,
  metaOf,
  purgedOf,
  rawEntries,
  type RawEntry,
} from '@wethink/shared';
import type { UpdateRule, UpdateRules } from '../sync/update-rule';

/**
 * The rules of wethink's documents: a book's chapter list has one. Chapters need none beyond the
 * structural checks (writers edit them freely); comments documents are written by the server alone.
 */
export const documentRules: UpdateRules = (name, live) =>
  docKindOf(name) === 'book' ? new BookIndexRule(live) : null;

/**
 * What a writer's connection may change in a book's index document (its chapter list). Every
 * author holds it and edits it live (create, rename, move, trash, restore), but some changes are
 * the server's alone, and an update crafted by hand could make them:
 * - a chapter never leaves the list: it goes to the trash and comes back; only the owner's purge
 *   (an HTTP request the server carries out as its own write) removes it;
 * - the purged-chapters record and the blocked readers are the server's;
 * - a book once created stays created, and holds at most MAX_CHAPTERS chapters;
 * - a chapter moved to the trash records who did it: the writer (or nobody, as a client that did
 *   not know its user yet writes), never someone else.
 *
 * Checked by applying the update to a shadow copy of the document and comparing before with
 * after: whatever bytes reach the same effect are judged by it. The shadow follows the live
 * document and holds every admitted update that is still pending, so each update is judged after
 * those it will be applied after. A refused update is in the shadow: it is dropped and rebuilt.
 */
export class BookIndexRule implements UpdateRule {
  private shadow: Y.Doc | null = null;

  constructor(private readonly live: () => Y.Doc) {}

  admit(update: Uint8Array, principal: string): void {
    const shadow = this.caughtUp();
    const before = snapshotOf(shadow);
    Y.applyUpdate(shadow, update);
    const problem = refusalOf(before, snapshotOf(shadow), principal);
    if (problem === null) return;
    shadow.destroy();
    this.shadow = null;
    throw new AppError('forbidden', problem);
  }

  private caughtUp(): Y.Doc {
    const live = this.live();
    if (!this.shadow) {
      this.shadow = new Y.Doc();
      Y.applyUpdate(this.shadow, Y.encodeStateAsUpdate(live));
    } else {
      // Carries the live document's whole delete set too: what others deleted meanwhile.
      Y.applyUpdate(this.shadow, Y.encodeStateAsUpdate(live, Y.encodeStateVector(this.shadow)));
    }
    return this.shadow;
  }
}

interface IndexSnapshot {
  entries: Map<string, RawEntry>;
  purged: Map<string, unknown>;
  blocked: Map<string, unknown>;
  createdAtMs: unknown;
}

function snapshotOf(doc: Y.Doc): IndexSnapshot {
  return {
    entries: new Map(rawEntries(doc).map((entry) => [entry.id, entry])),
    purged: new Map(purgedOf(doc).entries()),
    blocked: new Map(blockedOf(doc).entries()),
    createdAtMs: metaOf(doc).get('createdAtMs'),
  };
}

/** Why the change from `before` to `after` is not this writer's to make; null when it is. */
export function refusalOf(before: IndexSnapshot, after: IndexSnapshot, principal: string): string | null {
  for (const id of before.entries.keys()) {
    if (!after.entries.has(id)) return `chapter ${id} would leave the book: move it to the trash instead`;
  }
  if (after.entries.size > MAX_CHAPTERS && after.entries.size > before.entries.size) {
    return `a book holds at most ${MAX_CHAPTERS} chapters, its trash included`;
  }
  if (!sameEntries(before.purged, after.purged)) return 'only the server records purged chapters';
  if (!sameEntries(before.blocked, after.blocked)) return 'only the owner blocks readers, over HTTP';
  if (before.createdAtMs !== undefined && after.createdAtMs !== before.createdAtMs) {
    return "the book's creation time is fixed";
  }
  const userId = principal.startsWith('user:') ? principal.slice('user:'.length) : null;
  for (const [id, entry] of after.entries) {
    if (entry.deletedAtMs === null) continue;
    const previous = before.entries.get(id);
    const unchanged = previous?.deletedAtMs === entry.deletedAtMs && previous.deletedBy === entry.deletedBy;
    if (!unchanged && entry.deletedBy !== null && entry.deletedBy !== userId) {
      return `chapter ${id} would be recorded as trashed by someone other than the writer`;
    }
  }
  return null;
}

const sameEntries = (a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean =>
  a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);

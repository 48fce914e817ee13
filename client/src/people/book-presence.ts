import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Awareness } from 'y-protocols/awareness';
import type { ChapterPeople } from '../components/chapter-list';
import { peersFromAwareness } from '../collab/presence';

/** The awareness field of the book's index document that says which chapter a tab has open. */
export const CHAPTER_FIELD = 'chapterId';

/**
 * Who is in which chapter, from the awareness states of the book's index document (every tab of
 * the book holds it): each tab announces the chapter it shows; names and colours are the ones the
 * server stamped. One entry per person per chapter, whatever their number of tabs.
 */
export function peopleByChapter(states: ReadonlyMap<number, unknown>, localClientId: number): ChapterPeople {
  const byChapter = new Map<string, { userId: string; name: string; color: string }[]>();
  const peers = peersFromAwareness(states, localClientId);
  for (const peer of peers) {
    const state = states.get(peer.clientId) as Record<string, unknown> | undefined;
    const chapterId = state?.[CHAPTER_FIELD];
    if (typeof chapterId !== 'string' || chapterId.length > 64) continue;
    const people = byChapter.get(chapterId) ?? [];
    const key = peer.userId ?? `client:${peer.clientId}`;
    if (!people.some((person) => person.userId === key))
      people.push({ userId: key, name: peer.name, color: peer.color });
    byChapter.set(chapterId, people);
  }
  return byChapter;
}

const sameChapterPeople = (a: ChapterPeople, b: ChapterPeople): boolean =>
  a.size === b.size &&
  [...a].every(([chapter, people]) => {
    const other = b.get(chapter);
    return (
      other !== undefined &&
      other.length === people.length &&
      people.every((p, i) => p.name === other[i]!.name && p.color === other[i]!.color)
    );
  });

/**
 * Book-level presence: announces the chapter on screen in the book's index document and keeps
 * `people` (chapter → who is there now) current for the chapter lists.
 */
export class BookPresenceController implements ReactiveController {
  people: ChapterPeople = new Map();
  private awareness: Awareness | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The index document's awareness of the book on screen (null: none) and the chapter shown. */
  follow(awareness: Awareness | null, chapterId: string | null): void {
    if (awareness !== this.awareness) {
      this.awareness?.off('change', this.onChange);
      this.awareness = awareness;
      awareness?.on('change', this.onChange);
      this.onChange();
    }
    if (awareness !== null && awareness.getLocalState()?.[CHAPTER_FIELD] !== chapterId) {
      awareness.setLocalStateField(CHAPTER_FIELD, chapterId);
    }
  }

  hostDisconnected(): void {
    this.awareness?.off('change', this.onChange);
    this.awareness = null;
  }

  private readonly onChange = () => {
    const next =
      this.awareness === null
        ? new Map()
        : peopleByChapter(this.awareness.getStates(), this.awareness.clientID);
    if (sameChapterPeople(next, this.people)) return;
    this.people = next;
    this.host.requestUpdate();
  };
}

import type * as Y from 'yjs';
import { walkChapterText } from './chapter-text';
import { countWordStarts } from './words';

export interface AuthorRun {
  text: string;
  userId: string | null;
}

/** Maps a Yjs client id to the user it is bound to (null: unknown, e.g. text from before attribution). */
export type AuthorOf = (clientId: number) => string | null;

/** The visible text of a chapter, blocks separated by '\n', in runs of one author each. */
export function authorshipOf(fragment: Y.XmlFragment, authorOf: AuthorOf): AuthorRun[] {
  const runs: AuthorRun[] = [];
  let hasText = false;
  const push = (text: string, userId: string | null): void => {
    const last = runs.at(-1);
    if (last && last.userId === userId) last.text += text;
    else runs.push({ text, userId });
  };
  walkChapterText(
    fragment,
    {
      blockStart: (block) => {
        if (hasText) push('\n', block ? authorOf(block.id.client) : null);
      },
      text: (item) => {
        hasText = true;
        push(item.content.str, authorOf(item.id.client));
      },
    },
    (item) => !item.deleted,
  );
  return runs;
}

/** Surviving words per author: each word counts for the author of its first character. */
export function wordsByAuthor(runs: readonly AuthorRun[]): Map<string, number> {
  const words = new Map<string, number>();
  let previous: string | undefined;
  for (const run of runs) {
    if (run.userId !== null) {
      const count = countWordStarts(run.text, previous);
      if (count > 0) words.set(run.userId, (words.get(run.userId) ?? 0) + count);
    }
    previous = run.text.at(-1);
  }
  return words;
}

import type { Node } from 'prosemirror-model';
import { bookSchema } from '@wethink/shared';

export interface ImportedChapter {
  title: string;
  doc: Node;
}

/**
 * A chapter per top-level heading: each heading of level `level` or above (1 is the top) starts a
 * chapter titled with its text; what comes before the first one is a chapter of its own (titled
 * `untitled`) unless it is empty. A document with no such heading is one chapter.
 */
export function splitChapters(doc: Node, options: { level: number; untitled: string }): ImportedChapter[] {
  const chapters: { title: string; blocks: Node[] }[] = [];
  let current: { title: string; blocks: Node[] } = { title: options.untitled, blocks: [] };
  doc.forEach((block) => {
    if (block.type.name === 'heading' && Number(block.attrs.level) <= options.level) {
      if (current.blocks.length > 0 || chapters.length > 0 || current.title !== options.untitled)
        chapters.push(current);
      current = { title: block.textContent.trim() || `Chapter ${chapters.length + 1}`, blocks: [] };
    } else current.blocks.push(block);
  });
  chapters.push(current);
  return chapters
    .filter(
      (chapter, index) => !(index === 0 && chapter.title === options.untitled && isEmpty(chapter.blocks)),
    )
    .map((chapter) => ({
      title: chapter.title,
      doc: bookSchema.node(
        'doc',
        null,
        chapter.blocks.length > 0 ? chapter.blocks : [bookSchema.node('paragraph')],
      ),
    }));
}

const isEmpty = (blocks: readonly Node[]): boolean =>
  blocks.every((block) => block.textContent.trim() === '' && block.type.name === 'paragraph');

import type { EditingTrace } from '../sim/editing-trace';

export const CHAPTERS = 20;
export const BOOK_WORDS = 100_000;
const WORDS_PER_CHAPTER = BOOK_WORDS / CHAPTERS;
const PARAGRAPH_WORDS = 100;
const SECTION_PARAGRAPHS = 5;

/**
 * The trace's final text as plain words: LaTeX and Markdown markup characters removed, so the
 * words read as prose in any format (the paper's 17,000 words are reused in order to reach 100,000).
 */
export function proseWords(trace: EditingTrace): string[] {
  const words = trace.endContent
    .split(/\s+/)
    .map((word) => word.replace(/[\\{}$%#*_`[\]<>|~^&=+]/g, ''))
    .filter((word) => /[A-Za-z]/.test(word));
  if (words.length === 0) throw new Error('the trace has no words');
  return words;
}

/**
 * A 20-chapter, 100,000-word manuscript in Markdown from the trace's words: each chapter a level-1
 * heading, sections under level-2 headings, 100-word paragraphs, a bullet list and a quote per
 * section, and a footnote every third paragraph. Word count is exact (headings, items and notes
 * included), so every format exports the same book.
 */
export function bookManuscript(trace: EditingTrace): { markdown: string; words: number } {
  const source = proseWords(trace);
  let next = 0;
  let counted = 0;
  const take = (count: number): string => {
    const out = Array.from({ length: count }, (_, i) => source[(next + i) % source.length]!);
    next += count;
    counted += count;
    return out.join(' ');
  };
  const out: string[] = [];
  let note = 0;
  for (let chapter = 1; chapter <= CHAPTERS; chapter += 1) {
    const chapterStart = counted;
    out.push(`# Chapter ${chapter}: ${take(3)}\n\n`);
    for (let section = 1; counted - chapterStart < WORDS_PER_CHAPTER; section += 1) {
      out.push(`## Section ${chapter}.${section}: ${take(3)}\n\n`);
      for (let paragraph = 0; paragraph < SECTION_PARAGRAPHS; paragraph += 1) {
        const left = WORDS_PER_CHAPTER - (counted - chapterStart);
        if (left <= 0) break;
        const hasNote = paragraph % 3 === 2 && left > PARAGRAPH_WORDS + 8;
        const text = take(Math.min(PARAGRAPH_WORDS, left));
        if (hasNote) {
          note += 1;
          out.push(`${text}[^n${note}]\n\n[^n${note}]: ${take(8)}\n\n`);
        } else out.push(`${text}\n\n`);
      }
      const left = WORDS_PER_CHAPTER - (counted - chapterStart);
      if (left > 40) out.push(`- ${take(10)}\n- ${take(10)}\n- ${take(10)}\n\n`);
      if (WORDS_PER_CHAPTER - (counted - chapterStart) > 30) out.push(`> ${take(20)}\n\n`);
    }
  }
  return { markdown: out.join(''), words: counted };
}

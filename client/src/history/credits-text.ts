import type { CreditedAuthor, CreditsView } from '@wethink/shared/client';
import { formatNumber } from '../format/counts';

function words(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'word' : 'words'}`;
}

function authorList(authors: readonly CreditedAuthor[]): string {
  return authors.length === 0
    ? 'no text yet'
    : authors.map((author) => `${author.name} (${words(author.words)})`).join(', ');
}

/**
 * The credits as plain text for a book's front matter: the book's authors by surviving words, then
 * each chapter in the book's order. `chapterTitles` is that order; chapters the server knows but
 * the index does not list (deleted ones) are left out, and listed ones without text say so.
 */
export function creditsText(
  bookTitle: string,
  credits: CreditsView,
  chapterTitles: readonly { id: string; title: string }[],
): string {
  const byChapter = new Map(credits.chapters.map((chapter) => [chapter.chapterId, chapter.authors]));
  const lines = [`${bookTitle}`, '', `Written by ${authorList(credits.authors)}.`];
  if (chapterTitles.length > 0) lines.push('');
  chapterTitles.forEach((chapter, index) => {
    lines.push(`${index + 1}. ${chapter.title}: ${authorList(byChapter.get(chapter.id) ?? [])}`);
  });
  if (credits.reviewers.length > 0) {
    lines.push('', `Reviewed by ${credits.reviewers.map((reviewer) => reviewer.name).join(', ')}.`);
  }
  return lines.join('\n');
}

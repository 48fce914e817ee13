import '../styles/structure.css';
import { BookSearch } from '../components/book-search';
import { FindBar } from '../components/find-bar';
import { ChapterOutline } from '../components/chapter-outline';
import { ChapterPager } from '../components/chapter-pager';
import { ChapterTrash } from '../components/chapter-trash';
import { ContentsView } from '../views/contents-view';

/** The elements of the book's structure (issue 21), defined by main.ts with the others. */
export const structureElements = {
  'book-search': BookSearch,
  'chapter-outline': ChapterOutline,
  'chapter-pager': ChapterPager,
  'chapter-trash': ChapterTrash,
  'contents-view': ContentsView,
  'find-bar': FindBar,
} as const;

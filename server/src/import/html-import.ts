import { parseHTML } from 'linkedom';
import { DOMParser as ProseMirrorParser, type Node } from 'prosemirror-model';
import { bookSchema } from '@wethink/shared';
import { EXPORT_ONLY_ATTRIBUTE } from '../export/chapter-xhtml';
import { dataUrlBytes, type ImportImages } from './import-images';
import type { ImportReport } from './import-report';

/**
 * Elements whose content the schema holds (as itself or as its text; tables are tables since the
 * schema has them); anything else is counted.
 */
const KEPT = new Set(
  'html head title meta body p h1 h2 h3 h4 h5 h6 blockquote hr ul ol li br a em i strong b span div section article main header footer nav aside figure figcaption sup table thead tbody tfoot tr th td'.split(
    ' ',
  ),
);
/** Elements removed with their content: they are code, not text (sanitising). */
const REMOVED = ['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'link'];

/**
 * HTML (a file, or what mammoth made of a DOCX) to a `doc` of the book schema: scripts and other
 * active content removed, the parts an export added (title page, contents, contributors, footnote
 * lists) dropped, footnote references turned into notes, and every element the schema lacks
 * counted in `report` (its text is kept).
 */
export function parseHtml(
  html: string,
  report: ImportReport,
  images?: ImportImages,
): { title: string | null; doc: Node } {
  const { document } = parseHTML(
    html.includes('<html') ? html : `<!DOCTYPE html><html><body>${html}</body></html>`,
  );
  for (const tag of REMOVED) {
    const found = [...document.querySelectorAll(tag)];
    // Styles are how a page looked, not what it said: removed without a word.
    if (found.length > 0 && tag !== 'style' && tag !== 'link') report.add(`<${tag}> removed`, found.length);
    for (const element of found) element.remove();
  }
  for (const element of [...document.querySelectorAll(`[${EXPORT_ONLY_ATTRIBUTE}]`)]) element.remove();
  notesFromMammoth(document);
  if (images) figuresFromImages(document, images);
  for (const element of [...document.querySelectorAll('*')]) {
    const tag = element.localName;
    if (tag === 'h4' || tag === 'h5' || tag === 'h6') report.add('heading below level 3 made level 3');
    else if (tag === 'sup' && !element.classList.contains('book-note'))
      report.add('<sup> kept as plain text');
    else if (
      tag === 'a' &&
      element.hasAttribute('href') &&
      !/^(https?:|mailto:|#|\/)/i.test(element.getAttribute('href')!.trim())
    ) {
      report.add('link to an unsafe address kept as text');
    } else if (tag === 'img' && images?.isPending(element.getAttribute('src') ?? '')) {
      // A figure's image made above: kept.
    } else if (!KEPT.has(tag)) report.add(`<${tag}>`);
  }
  const title = document.querySelector('title')?.textContent?.trim() || null;
  const doc = ProseMirrorParser.fromSchema(bookSchema).parse(
    document.body as unknown as Parameters<ProseMirrorParser['parse']>[0],
  );
  return { title, doc };
}

type HtmlDocument = ReturnType<typeof parseHTML>['document'];

/** mammoth's `src` for a picture `ImportImages` refused (already counted): the image is dropped. */
export const REFUSED_IMAGE_SRC = 'about:blank#refused-image';

/**
 * Each image the import can keep (a DOCX picture, an HTML `data:` image) becomes a figure of its
 * own after the block it was in (the schema's figures are blocks; the alt text stays with it);
 * a refused one is removed (`ImportImages` counted it). Images from elsewhere (`https:`) are left
 * for the count below: the server fetches nothing.
 */
function figuresFromImages(document: HtmlDocument, images: ImportImages): void {
  for (const img of [...document.querySelectorAll('img')]) {
    const src = img.getAttribute('src') ?? '';
    if (src === REFUSED_IMAGE_SRC) {
      img.remove();
      continue;
    }
    const bytes = images.isPending(src) ? null : dataUrlBytes(src);
    const pending = images.isPending(src) ? src : bytes ? images.add(bytes) : undefined;
    if (pending === undefined) continue;
    if (pending === null) {
      img.remove();
      continue;
    }
    const figure = document.createElement('figure');
    const image = document.createElement('img');
    image.setAttribute('src', pending);
    image.setAttribute('alt', img.getAttribute('alt') ?? '');
    figure.append(image, document.createElement('figcaption'));
    // After the block holding the image (a paragraph cannot hold a figure), or where it was.
    const block = img.closest('p, li, h1, h2, h3, h4, h5, h6, blockquote, td, th');
    if (block && block.parentNode) block.parentNode.insertBefore(figure, block.nextSibling);
    else img.parentNode?.insertBefore(figure, img);
    img.remove();
  }
}

/**
 * mammoth writes a footnote as `<sup><a href="#footnote-1">[1]</a></sup>` and the notes as a list
 * at the end (`<li id="footnote-1"><p>text <a href="#footnote-ref-1">↑</a></p></li>`): make each
 * reference the editor's note (`<sup class="book-note" data-note="text">`) and drop the list.
 */
function notesFromMammoth(document: HtmlDocument): void {
  const lists = new Set<{ remove(): void }>();
  for (const link of [
    ...document.querySelectorAll('sup > a[href^="#footnote-"], sup > a[href^="#endnote-"]'),
  ]) {
    const id = link.getAttribute('href')!.slice(1);
    const item = document.getElementById(id);
    if (!item) continue;
    for (const back of [...item.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]')])
      back.remove();
    const sup = link.parentElement!;
    sup.className = 'book-note';
    sup.setAttribute('data-note', (item.textContent ?? '').replace(/\s+/g, ' ').trim());
    sup.textContent = '';
    if (item.parentElement) lists.add(item.parentElement);
  }
  for (const list of lists) list.remove();
}

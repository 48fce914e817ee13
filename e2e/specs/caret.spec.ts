import { expect, startBook, test, type Author } from '../fixtures/authors';
import { RequestGate } from '../support/request-gate';
import { SelectionChangeGate } from '../support/selection-change-gate';

const opening = ['First paragraph.', 'Second paragraph.'];

interface Scene {
  ada: Author;
  ben: Author;
  /** Holds back Ada's `selectionchange`: her caret moves on screen, her editor does not hear of it. */
  adaSelection: SelectionChangeGate;
}

/**
 * Two paragraphs; Ada's and Ben's carets both at the end of the first one, each already known to
 * the other (so to each author's own editor).
 */
async function twoAuthorsInTheFirstParagraph(newAuthor: (name: string) => Promise<Author>): Promise<Scene> {
  const ben = await newAuthor('Ben');
  const ada = await newAuthor('Ada');
  await startBook([ben, ada]);
  const adaSelection = await SelectionChangeGate.install(ada.page);
  await ada.chapter.focusEnd();
  await ada.chapter.type(opening[0] ?? '');
  await ada.chapter.press('Enter');
  await ada.chapter.type(opening[1] ?? '');
  await expect.poll(() => ben.chapter.paragraphTexts()).toEqual(opening);

  await ben.chapter.focusParagraphEnd(0);
  await ada.chapter.focusParagraphEnd(0);
  const endOfFirst = { block: 0, offset: opening[0]?.length };
  await expect.poll(() => ben.chapter.remoteCaretPlace('Ada')).toEqual(endOfFirst);
  await expect.poll(() => ada.chapter.remoteCaretPlace('Ben')).toEqual(endOfFirst);
  return { ada, ben, adaSelection };
}

/** Ada presses Ctrl+End; her editor has not read the move yet when Ben's change reaches her. */
async function moveToEndUnread({ ada, adaSelection }: Scene): Promise<void> {
  await adaSelection.hold();
  await ada.chapter.press('Control+End');
  await ada.chapter.expectCaretAtEnd();
}

/**
 * Ada's editor hears of her caret move at last; she types, and both authors must see her text at
 * the end of the second paragraph, with the first one as `firstParagraph`.
 */
async function typeAtMovedCaret(scene: Scene, firstParagraph: string): Promise<void> {
  await scene.adaSelection.release();
  await scene.ada.chapter.type(' End.');
  for (const author of [scene.ada, scene.ben]) {
    await expect
      .poll(() => author.chapter.paragraphTexts())
      .toEqual([firstParagraph, 'Second paragraph. End.']);
  }
}

test('a co-author’s keystroke that arrives before my editor has read my caret move leaves my caret where I moved it', async ({
  newAuthor,
}) => {
  const scene = await twoAuthorsInTheFirstParagraph(newAuthor);
  const { ada, ben } = scene;
  await moveToEndUnread(scene);

  await ben.chapter.type('X');
  await expect.poll(() => ada.chapter.paragraphTexts()).toEqual(['First paragraph.X', 'Second paragraph.']);
  await typeAtMovedCaret(scene, 'First paragraph.X');
});

test('a co-author’s caret move that arrives before my editor has read mine leaves my caret where I moved it', async ({
  newAuthor,
}) => {
  const scene = await twoAuthorsInTheFirstParagraph(newAuthor);
  const { ada, ben } = scene;
  await moveToEndUnread(scene);

  await ben.chapter.press('Home');
  await expect.poll(() => ada.chapter.remoteCaretPlace('Ben')).toEqual({ block: 0, offset: 0 });
  await typeAtMovedCaret(scene, 'First paragraph.');
});

test('a co-author’s comment that arrives before my editor has read my caret move leaves my caret where I moved it', async ({
  newAuthor,
}) => {
  const scene = await twoAuthorsInTheFirstParagraph(newAuthor);
  const { ada, ben } = scene;
  // Ben's selection and his leaving the text for the draft reach Ada before her caret move.
  await ben.comments.open();
  await ben.comments.startDraft('Second paragraph', 'Worth a look.');
  await expect.poll(() => ada.chapter.remoteCaretPlace('Ben')).toBeNull();
  await moveToEndUnread(scene);

  await ben.comments.sendDraft();
  await expect(ada.comments.highlights).toHaveCount(1);
  await typeAtMovedCaret(scene, 'First paragraph.');
});

test('authors’ colours refreshed after a co-author’s edit, before my editor has read my caret move, leave my caret where I moved it', async ({
  newAuthor,
}) => {
  const scene = await twoAuthorsInTheFirstParagraph(newAuthor);
  const { ada, ben } = scene;
  const adaAuthorship = await RequestGate.install(ada.context, /\/authorship(\?|$)/);
  await ada.history.authorsToggle.click();
  await expect(ada.history.authoredSpans('Ada').first()).toBeVisible();
  // The toggle took the focus: back to where the scene had her caret.
  await ada.chapter.focusParagraphEnd(0);
  // Ben's keystroke reaches Ada before her caret move; the colours it makes her ask for, after.
  adaAuthorship.hold();
  await ben.chapter.type('X');
  await expect.poll(() => ada.chapter.paragraphTexts()).toEqual(['First paragraph.X', 'Second paragraph.']);
  await adaAuthorship.expectHeld();
  await moveToEndUnread(scene);

  await adaAuthorship.release();
  await expect.poll(() => ada.history.authoredText('Ben')).toBe('X');
  await typeAtMovedCaret(scene, 'First paragraph.X');
});

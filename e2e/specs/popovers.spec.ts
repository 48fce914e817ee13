import { addMember, expect, test } from '../fixtures/authors';

test('links and footnotes are asked for by the text, never with prompt(); a note opens to read or edit', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const rita = await newAuthor('Rita');
  ada.page.on('dialog', (dialog) => {
    throw new Error(`a browser dialog opened: ${dialog.type()} ${dialog.message()}`);
  });
  const { bookId, chapterId } = await ada.app.createBook('Linked');
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.type('Read the manual first.');
  await addMember(ada, rita, bookId, 'reviewer');

  // A link: Ctrl+K on a selection asks for the address beside it.
  await ada.comments.selectText('the manual');
  await ada.chapter.press('Control+k');
  const link = ada.page.getByRole('dialog', { name: 'Link' });
  await expect(link).toBeVisible();
  await expect(link.getByLabel('Link to')).toBeFocused();
  await link.getByLabel('Link to').fill('javascript:alert(1)');
  await link.getByLabel('Link to').press('Enter');
  await expect(link.getByRole('alert')).toContainText('https://');
  await link.getByLabel('Link to').fill('https://example.org/manual');
  await link.getByLabel('Link to').press('Enter');
  await expect(link).toHaveCount(0);
  await expect(ada.chapter.editor.locator('a[href="https://example.org/manual"]')).toHaveText('the manual');
  await expect(ada.chapter.editor).toBeFocused();

  // Escape leaves without a change.
  await ada.comments.selectText('Read');
  await ada.chapter.toolbarButton('link').click();
  await expect(link).toBeVisible();
  await ada.page.keyboard.press('Escape');
  await expect(link).toHaveCount(0);
  await expect(ada.chapter.editor.locator('a')).toHaveCount(1);

  // A footnote from the toolbar, then opened again by a click and edited.
  await ada.chapter.focusEnd();
  await ada.chapter.toolbarButton('note').click();
  const note = ada.page.getByRole('dialog', { name: 'New footnote' });
  await note.getByLabel('Note text').fill('First printed in 1843.');
  await note.getByRole('button', { name: 'Add note' }).click();
  const marker = ada.chapter.editor.locator('sup.book-note');
  await expect(marker).toHaveAttribute('data-note', 'First printed in 1843.');
  await marker.click();
  const opened = ada.page.getByRole('dialog', { name: 'Footnote' });
  await expect(opened.getByLabel('Note text')).toHaveValue('First printed in 1843.');
  await opened.getByLabel('Note text').fill('First printed in 1843, in Taylor’s Scientific Memoirs.');
  await opened.getByLabel('Note text').press('Control+Enter');
  await expect(marker).toHaveAttribute('data-note', 'First printed in 1843, in Taylor’s Scientific Memoirs.');

  // A reviewer reads a note by clicking it, without hovering; she cannot change it.
  await rita.chapter.open(bookId, chapterId);
  await rita.chapter.expectReadOnly('Reviewing');
  await rita.chapter.editor.locator('sup.book-note').click();
  const read = rita.page.getByRole('dialog', { name: 'Footnote (read only)' });
  await expect(read).toContainText('in Taylor’s Scientific Memoirs.');
  await expect(read.getByLabel('Note text')).toHaveCount(0);
  await read.getByRole('button', { name: 'Close' }).click();
  await expect(read).toHaveCount(0);
  await expect(rita.chapter.notesList.getByRole('listitem')).toHaveText([/in Taylor’s Scientific Memoirs\./]);
  await expect(rita.chapter.notesList.getByRole('button', { name: /Edit/ })).toHaveCount(0);

  // The notes are listed after the chapter's text, and edited there too; Rita sees the change.
  await expect(ada.chapter.notesList.getByRole('listitem')).toHaveText([/in Taylor’s Scientific Memoirs\./]);
  await ada.chapter.notesList.getByRole('button', { name: 'Edit note 1' }).click();
  await ada.chapter.notesList.getByLabel('Text of note 1').fill('Printed in 1843.');
  await ada.chapter.notesList.getByRole('button', { name: 'Save' }).click();
  await expect(marker).toHaveAttribute('data-note', 'Printed in 1843.');
  await expect(rita.chapter.notesList.getByRole('listitem')).toHaveText(['Printed in 1843.']);

  // Removing it from its popover.
  await marker.click();
  await opened.getByRole('button', { name: 'Remove note' }).click();
  await expect(marker).toHaveCount(0);
  await expect(ada.chapter.notesList.getByRole('listitem')).toHaveCount(0);
});

test('a paste keeps what the book can hold and says what it left out', async ({ newAuthor }) => {
  const ada = await newAuthor('Ada');
  await ada.app.createBook('Pasted');
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.pasteHtml(
    '<p>Some <strong>bold</strong>, <u>underlined</u>, <s>struck</s> and <code>coded</code> words.</p><img src="x.png" alt="A picture">',
  );
  await expect.poll(() => ada.chapter.text()).toBe('Some bold, underlined, struck and coded words.');
  await expect(ada.chapter.editor.locator('strong')).toHaveText('bold');
  await expect(ada.chapter.editNotice).toHaveText(
    /Pasted without underline, strike-through, code and images: a book here has no place for them\./,
  );
  await ada.chapter.editNotice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(ada.chapter.editNotice).toHaveCount(0);

  // A paste the book keeps whole says nothing.
  await ada.chapter.pasteHtml('<p>Plain <em>and</em> simple.</p>');
  await expect.poll(() => ada.chapter.text()).toContain('Plain and simple.');
  await expect(ada.chapter.editNotice).toHaveCount(0);
});

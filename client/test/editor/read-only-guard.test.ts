import { Role } from '@wethink/shared/client';
import { EditorState, TextSelection } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import { describe, expect, it } from 'vitest';
import { ReadOnlyNotices, refusalText } from '../../src/account/read-only-notice';
import { isReadOnly, readOnlyGuardPlugin, setReadOnly } from '../../src/editor/plugins/read-only-guard';
import { doc, p, stateOf } from '../builder';

function guarded(isReadOnlyAtStart: boolean): EditorState {
  const base = stateOf(doc(p('Hello<a>')));
  return EditorState.create({
    doc: base.doc,
    selection: base.selection,
    plugins: [readOnlyGuardPlugin({ isReadOnly: isReadOnlyAtStart, onRefused: () => undefined })],
  });
}

describe('read-only guard', () => {
  it('drops a local change to read-only text and keeps selection moves', () => {
    const state = guarded(true);
    expect(state.apply(state.tr.insertText(' there'))).toBe(state);
    const selected = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 1, 6)));
    expect(selected.selection.from).toBe(1);
    expect(selected.selection.to).toBe(6);
  });

  it("lets the shared document's changes through (co-authors' edits)", () => {
    const state = guarded(true);
    const remote = state.tr.insertText('!').setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(state.apply(remote).doc.textContent).toBe('Hello!');
  });

  it('switches on and off with setReadOnly', () => {
    const writable = guarded(false);
    expect(writable.apply(writable.tr.insertText('!')).doc.textContent).toBe('Hello!');
    const locked = writable.apply(setReadOnly(writable.tr, true));
    expect(isReadOnly(locked)).toBe(true);
    expect(locked.apply(locked.tr.insertText('!'))).toBe(locked);
    const unlocked = locked.apply(setReadOnly(locked.tr, false));
    expect(unlocked.apply(unlocked.tr.insertText('!')).doc.textContent).toBe('Hello!');
  });
});

describe('read-only notices', () => {
  const caret = { left: 10, top: 20 };

  it('tells a reviewer once, beside the caret, until the mode changes', () => {
    const notices = new ReadOnlyNotices();
    notices.follow('b1', Role.reviewer, false);
    expect(notices.noteRefused(Role.reviewer, false, caret)).toBe(true);
    expect(notices.notice).toEqual({ text: refusalText(Role.reviewer, false), place: caret });
    expect(notices.noteRefused(Role.reviewer, false, { left: 0, top: 0 })).toBe(false);
    notices.dismiss();
    expect(notices.noteRefused(Role.reviewer, false, caret)).toBe(false);
    expect(notices.notice).toBeNull();
  });

  it('says nothing while the role is unknown or the writer is writing', () => {
    const notices = new ReadOnlyNotices();
    notices.follow('b1', null, false);
    expect(notices.noteRefused(null, false, caret)).toBe(false);
    notices.follow('b1', Role.author, false);
    expect(notices.noteRefused(Role.author, false, caret)).toBe(false);
    notices.follow('b1', Role.author, true);
    expect(notices.noteRefused(Role.author, true, caret)).toBe(true);
    expect(notices.notice?.text).toMatch(/Reading mode/);
  });

  it('announces a changed role, not the first one learnt, even across an unknown spell', () => {
    const notices = new ReadOnlyNotices();
    notices.follow('b1', Role.author, false);
    expect(notices.notice).toBeNull();
    notices.follow('b1', null, false);
    notices.follow('b1', Role.reviewer, false);
    expect(notices.notice).toEqual({
      text: expect.stringMatching(/^Your role changed to reviewer/),
      place: null,
    });
    // Told already: typing after the change adds nothing.
    expect(notices.noteRefused(Role.reviewer, false, caret)).toBe(false);
    // Another unknown spell (the sessions reopen again) takes nothing back.
    notices.follow('b1', null, false);
    notices.follow('b1', Role.reviewer, false);
    expect(notices.notice?.text).toMatch(/^Your role changed to reviewer/);
  });

  it('keeps roles apart by book: another book with another role is no change', () => {
    const notices = new ReadOnlyNotices();
    notices.follow('b1', Role.owner, false);
    notices.follow('b2', Role.reviewer, false);
    expect(notices.notice).toBeNull();
    notices.follow('b1', Role.owner, false);
    expect(notices.notice).toBeNull();
  });
});

import { html, type ReactiveControllerHost } from 'lit';
import type { EditorPrompt } from '../components/editor-popover';
import type { BookEditor } from '../editor/book-editor';
import type { NoteOpenDetail } from '../editor/editor-events';
import type { ToolbarAction, ToolbarState } from '../editor/editor-commands';

/**
 * What the chapter view does for a toolbar button or an editor shortcut that may need the
 * author's input first: a link's address (unless the caret is on a link, which it removes) or a
 * note's text, asked in a popover by the selection; everything else runs at once. Also opens a
 * clicked note to read or edit. Holds the popover's state; the host renders `render()`.
 */
export class EditorPrompts {
  prompt: EditorPrompt | null = null;
  error: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getEditor: () => BookEditor | null,
  ) {}

  run(toolbar: ToolbarState | null, action: ToolbarAction, canEdit: boolean): void {
    const editor = this.getEditor();
    if (editor === null) return;
    if (action === 'note' && canEdit) {
      this.show({ kind: 'note', place: editor.selectionPlace(), note: null, canEdit: true });
    } else if (action === 'link' && toolbar?.link.isActive !== true && canEdit) {
      this.show({ kind: 'link', place: editor.selectionPlace() });
    } else if (action !== 'note') {
      editor.run(action);
    }
  }

  openNote(detail: NoteOpenDetail, canEdit: boolean): void {
    this.show({ kind: 'note', place: detail.caret, note: { pos: detail.pos, text: detail.text }, canEdit });
  }

  /** Closes the popover without a change (another chapter, a lost right to edit). */
  close(): void {
    if (this.prompt === null) return;
    this.show(null);
  }

  render() {
    return html`<editor-popover
      .prompt=${this.prompt}
      .error=${this.error}
      @prompt-submit=${(event: CustomEvent<{ value: string }>) => this.submit(event.detail.value)}
      @prompt-remove=${this.remove}
      @prompt-cancel=${this.cancel}
    ></editor-popover>`;
  }

  private submit(value: string): void {
    const editor = this.getEditor();
    const prompt = this.prompt;
    if (editor === null || prompt === null) return;
    if (prompt.kind === 'link') {
      if (!editor.setLink(value)) return this.fail('Use a web or mail address: https://… or mailto:…');
    } else if (prompt.note === null) {
      if (!editor.insertNote(value)) return this.fail('A note needs some text.');
    } else {
      editor.updateNote(prompt.note.pos, value);
    }
    this.show(null);
    editor.focus();
  }

  private readonly remove = () => {
    const prompt = this.prompt;
    if (prompt?.kind === 'note' && prompt.note !== null) this.getEditor()?.updateNote(prompt.note.pos, '');
    this.cancel();
  };

  private readonly cancel = () => {
    this.show(null);
    this.getEditor()?.focus();
  };

  private fail(message: string): void {
    this.error = message;
    this.host.requestUpdate();
  }

  private show(prompt: EditorPrompt | null): void {
    this.prompt = prompt;
    this.error = null;
    this.host.requestUpdate();
  }
}

import { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { insertFigure } from '../commands/figures';

/** Uploads an image file for the chapter's book; resolves with its `src`, or null when refused. */
export type ImageUpload = (file: File) => Promise<string | null>;

function imageFiles(list: FileList | null | undefined): File[] {
  return [...(list ?? [])].filter((file) => file.type.startsWith('image/'));
}

async function insertUploaded(view: EditorView, files: File[], upload: ImageUpload): Promise<void> {
  for (const file of files) {
    const src = await upload(file);
    // The view may be gone (chapter switched) by the time the upload answers.
    if (src !== null && !view.isDestroyed)
      insertFigure(src, file.name.replace(/\.[^.]+$/, ''))(view.state, view.dispatch);
  }
}

/**
 * Pasting or dropping image files uploads them (the server checks their bytes) and inserts each as
 * a figure; anything else pastes as before. `upload` is read each time (null: not writable here).
 */
export function imagePastePlugin(upload: () => ImageUpload | null): Plugin {
  const take = (view: EditorView, files: File[]): boolean => {
    const uploader = upload();
    if (files.length === 0 || uploader === null) return false;
    void insertUploaded(view, files, uploader);
    return true;
  };
  return new Plugin({
    props: {
      handlePaste: (view, event) => take(view, imageFiles(event.clipboardData?.files)),
      handleDrop: (view, event) => take(view, imageFiles((event as DragEvent).dataTransfer?.files)),
    },
  });
}

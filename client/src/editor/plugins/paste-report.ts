import { Plugin } from 'prosemirror-state';
import { unkeptOnPaste } from '../paste-report';
import { isReadOnly } from './read-only-guard';

/**
 * Tells the writer what a paste lost: reads the clipboard's HTML before any other paste handler
 * (the chunked large paste included) and reports the unkept kinds of content; never handles the
 * paste itself. Nothing is reported for text that refuses the paste (read-only).
 */
export function pasteReportPlugin(onReport: (unkept: string[]) => void): Plugin {
  return new Plugin({
    props: {
      handleDOMEvents: {
        paste: (view, event) => {
          if (isReadOnly(view.state)) return false;
          const unkept = unkeptOnPaste(event.clipboardData?.getData('text/html') ?? '');
          // After ProseMirror has placed the paste: the report sits by the caret where it ended.
          if (unkept.length > 0) queueMicrotask(() => onReport(unkept));
          return false;
        },
      },
    },
  });
}

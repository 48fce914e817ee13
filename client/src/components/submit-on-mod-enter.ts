/** Ctrl/Cmd-Enter sends a comment form, as in most comment boxes: a textarea's keydown handler. */
export function submitOnModEnter(event: KeyboardEvent): void {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
  event.preventDefault();
  (event.target as HTMLTextAreaElement).form?.requestSubmit();
}

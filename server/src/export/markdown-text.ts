/**
 * Text as CommonMark that reads back as exactly that text: every markup character that a backslash
 * may escape anywhere is escaped, and at a line's start what would open a block (a list, a quote,
 * a setext underline). The stock serializer's escaping misses some of these ("1.", "0) ", a
 * heading of "#", text after a hard break), so our serializer escapes all text itself.
 */
export function escapeMarkdown(text: string, startsLine: boolean): string {
  const escaped = text.replace(/[\\`*_[\]<>&!#~]/g, '\\$&');
  if (!startsLine) return escaped;
  return escaped
    .replace(/^[ \t]+/, '')
    .replace(/^([-+=|])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Text for a line of its own (a title, a footnote definition): one line, escaped. */
export function escapeMarkdownText(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ').trim(), true);
}

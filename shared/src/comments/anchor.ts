import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { AppError } from '../errors';
import type { CommentAnchor } from './comments-doc';

/** An anchor's two ends, decoded. */
export interface AnchorPositions {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
}

/** Longest encoded relative position accepted (they are ~10-30 bytes; this leaves room for long type keys). */
export const MAX_ENCODED_POSITION_CHARS = 512;

export function encodeAnchor(positions: AnchorPositions): CommentAnchor {
  return {
    start: toBase64(Y.encodeRelativePosition(positions.start)),
    end: toBase64(Y.encodeRelativePosition(positions.end)),
  };
}

/** Decodes an anchor from a request; a malformed one is an `invalid-request`, never a crash. */
export function decodeAnchor(anchor: CommentAnchor): AnchorPositions {
  try {
    return { start: decodePosition(anchor.start), end: decodePosition(anchor.end) };
  } catch (error) {
    throw new AppError('invalid-request', 'comment anchor does not decode', { cause: error });
  }
}

function decodePosition(encoded: string): Y.RelativePosition {
  if (encoded.length > MAX_ENCODED_POSITION_CHARS || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) {
    throw new Error('not a short base64 string');
  }
  return Y.decodeRelativePosition(fromBase64(encoded));
}

/** Object-replacement character: stands in for embeds, which count one position in Yjs text. */
const EMBED = '\uFFFC';

function textOf(text: Y.XmlText): string {
  let out = '';
  for (const op of text.toDelta() as { insert: unknown }[]) {
    out += typeof op.insert === 'string' ? op.insert : EMBED;
  }
  return out;
}

/**
 * The text an anchor covers now in `fragment` (blocks separated by '\n', outer newlines dropped),
 * or '' when the passage is gone: both ends resolved to the same place, an end no longer resolves,
 * or it lies in deleted structure. Ends move with their characters through any concurrent edit,
 * since Yjs relative positions point at items, not offsets.
 */
export function anchoredText(fragment: Y.XmlFragment, positions: AnchorPositions): string {
  const doc = fragment.doc;
  if (!doc) return '';
  const start = Y.createAbsolutePositionFromRelativePosition(positions.start, doc);
  const end = Y.createAbsolutePositionFromRelativePosition(positions.end, doc);
  if (!start || !end) return '';
  const parts: string[] = [];
  let inside = false;
  let done = false;
  const isPoint = (point: Y.AbsolutePosition, type: object, index: number): boolean =>
    point.type === type && point.index === index;

  const walkText = (text: Y.XmlText): void => {
    const value = textOf(text);
    const startAt = start.type === text ? Math.min(start.index, value.length) : null;
    const endAt = end.type === text ? Math.min(end.index, value.length) : null;
    if (endAt !== null) {
      if (startAt !== null) {
        if (startAt < endAt) parts.push(value.slice(startAt, endAt));
      } else if (inside) {
        parts.push(value.slice(0, endAt));
      }
      done = true;
    } else if (startAt !== null) {
      inside = true;
      parts.push(value.slice(startAt));
    } else if (inside) {
      parts.push(value);
    }
  };

  const walk = (parent: Y.XmlFragment | Y.XmlElement): void => {
    const children = parent.toArray();
    for (let index = 0; index <= children.length; index += 1) {
      // The point before child `index` (element-level ends sit between children).
      if (isPoint(end, parent, index)) {
        done = true;
        return;
      }
      if (isPoint(start, parent, index)) inside = true;
      const child = children[index];
      if (child instanceof Y.XmlText) walkText(child);
      else if (child instanceof Y.XmlElement) {
        walk(child);
        if (inside && !done) parts.push('\n');
      }
      if (done) return;
    }
  };

  walk(fragment);
  if (!done) return '';
  return parts
    .join('')
    .replace(/\n{2,}/g, '\n')
    .replace(/^\n+|\n+$/g, '');
}

/** Longest quote kept on a thread; longer passages keep their beginning and an ellipsis. */
export const MAX_QUOTE_CHARS = 1000;

export function quoteOf(text: string): string {
  return text.length <= MAX_QUOTE_CHARS ? text : `${text.slice(0, MAX_QUOTE_CHARS - 1)}…`;
}

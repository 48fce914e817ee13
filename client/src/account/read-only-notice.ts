import { Role, canWrite } from '@wethink/shared/client';

/** Where a notice shows: beside the caret (px from the editor's top left), or above the text. */
export interface NoticePlace {
  left: number;
  top: number;
}

export interface ReadOnlyNotice {
  text: string;
  place: NoticePlace | null;
}

/** What someone who cannot change the text is told when they try, by role. */
const refusals: Record<Role, string> = {
  [Role.owner]: 'Reading mode: choose Edit to write.',
  [Role.author]: 'Reading mode: choose Edit to write.',
  [Role.reviewer]:
    'You are reviewing: comments only. Select a passage (Shift+arrows) and choose Comment (Ctrl+Alt+M).',
  [Role.reader]:
    'You are reading: the text cannot be changed. You can comment while a draft is out with readers.',
};

const afterChange: Record<Role, string> = {
  [Role.owner]: 'you can edit the text and manage the book.',
  [Role.author]: 'you can edit the text now.',
  [Role.reviewer]: 'you can read and comment, not edit.',
  [Role.reader]: 'you can read, and comment while a draft is out with readers.',
};

/** The line for a refused edit; null while the role is not known (still loading: say nothing). */
export function refusalText(role: Role | null, isReading: boolean): string | null {
  if (role === null) return null;
  if (canWrite(role) && !isReading) return null;
  return refusals[role];
}

export function roleChangeText(role: Role): string {
  return `Your role changed to ${role}: ${afterChange[role]}`;
}

/**
 * Tells a person once why the text does not change: the first refused edit in a mode (book, role
 * and reading mode) shows a notice beside the caret; later ones say nothing more until the mode
 * changes. A change of role in a book (not the first one learnt) is announced above the text.
 * Pure state, kept by the app rather than the chapter page: a role change reopens the chapter's
 * sessions and may replace the page, which must still know the role it had. The view renders
 * `notice`.
 */
export class ReadOnlyNotices {
  notice: ReadOnlyNotice | null = null;
  private readonly lastKnownRoles = new Map<string, Role>();
  private mode = '';
  private hasTold = false;

  /** Returns true when the notice changed. */
  follow(bookId: string, role: Role | null, isReading: boolean): boolean {
    // Not known for a moment (the role is changing, the sessions reopen): nothing to say, and
    // nothing said so far is taken back.
    if (role === null) return false;
    const mode = `${bookId}:${role}:${String(isReading)}`;
    if (mode === this.mode) return false;
    this.mode = mode;
    const previous = this.lastKnownRoles.get(bookId) ?? null;
    this.lastKnownRoles.set(bookId, role);
    if (previous !== null && role !== previous) {
      this.notice = { text: roleChangeText(role), place: null };
      this.hasTold = true;
      return true;
    }
    this.hasTold = false;
    const hadNotice = this.notice !== null;
    this.notice = null;
    return hadNotice;
  }

  /** A refused edit; returns true when the notice changed. */
  noteRefused(role: Role | null, isReading: boolean, place: NoticePlace | null): boolean {
    if (this.hasTold) return false;
    const text = refusalText(role, isReading);
    if (text === null) return false;
    this.hasTold = true;
    this.notice = { text, place };
    return true;
  }

  dismiss(): boolean {
    const hadNotice = this.notice !== null;
    this.notice = null;
    return hadNotice;
  }
}

import { timingSafeEqual } from 'node:crypto';
import {
  AppError,
  blockedOf,
  commentsDocOf,
  docKindOf,
  openRound,
  roundsOf,
  type AwarenessIdentity,
  type DocName,
  type Role,
  type RoundRecord,
} from '@wethink/shared';
import { randomToken } from '../accounts/tokens';
import { assertMayRunRounds } from './comment-rules';
import { COMMENTS_PRINCIPAL, type CommentRooms, type CommentsService } from './comments-service';

/** How a public reader is shown in logs and stamped (never in awareness: public peers send none). */
const PUBLIC_READER = { name: 'Public reader', color: '#6b7280' } as const;

/**
 * Open drafts, as We-Think was written: the owner gives an open review round a public link, and
 * anyone reads the chapter live through it without an account (`?public=<code>` on the chapter's
 * sync URL), read-only and without cursors. The link lives in the round's record, so it dies with
 * the round; withdrawing it or closing the round closes the connections it let in.
 */
export class PublicDrafts {
  constructor(
    private readonly deps: {
      comments: CommentsService;
      rooms: CommentRooms;
      accounts: {
        roleOf(bookId: string, userId: string): Promise<Role | null>;
        addMemberAsAdmin(bookId: string, userId: string, role: Role): Promise<void>;
        removeMemberAsAdmin(bookId: string, userId: string): Promise<void>;
      };
      /** The connections a chapter's public link let in must go (withdrawn, round closed). */
      onWithdrawn: (chapter: DocName) => void;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Gives an open round a public link, or withdraws it (the owner's). */
  async setPublic(
    userId: string,
    bookId: string,
    chapterId: string,
    roundId: string,
    isPublic: boolean,
  ): Promise<RoundRecord> {
    const { comments } = this.deps;
    const { chapter, member } = await comments.scope(userId, bookId, chapterId);
    assertMayRunRounds(member.role);
    const round = await comments.withComments(chapter, async (room) => {
      const current = roundsOf(room.doc).get(roundId);
      if (!current) throw new AppError('not-found', `no round ${roundId}`);
      if (isPublic && openRound([current], this.now()) === null) {
        throw new AppError('round-closed', 'only an open round can have a public link');
      }
      if (Boolean(current.publicCode) === isPublic) return current;
      const changed: RoundRecord = { ...current, publicCode: isPublic ? randomToken(18) : null };
      await room.changeAs(COMMENTS_PRINCIPAL, 'comment', (target) =>
        roundsOf(target).set(changed.id, changed),
      );
      return changed;
    });
    if (!isPublic) this.deps.onWithdrawn(chapter);
    return round;
  }

  /**
   * Who a connection with a public code is: a reader without an account, if the chapter has an
   * open round with that code. Anything else is 404 (the link does not exist, as far as anyone
   * without it knows), and a public link opens the chapter only, never its comments or the book.
   */
  async admit(name: DocName, code: string): Promise<AwarenessIdentity> {
    await this.checkLink(name, code);
    return { id: `public-${randomToken(9)}`, ...PUBLIC_READER, role: 'reader' };
  }

  /**
   * A signed-in user with the link joins the book as a reader (to comment and suggest in the
   * round); a member keeps the role they have.
   */
  async join(userId: string, bookId: string, chapterId: string, code: string): Promise<void> {
    if (chapterId.includes('/')) throw new AppError('not-found', 'no such public link');
    await this.checkLink(`${bookId}/${chapterId}` as DocName, code);
    if ((await this.deps.accounts.roleOf(bookId, userId)) !== null) return;
    if (await this.isBlocked(bookId, userId)) {
      throw new AppError('forbidden', "the book's owner has blocked you from joining its review rounds");
    }
    await this.deps.accounts.addMemberAsAdmin(bookId, userId, 'reader');
  }

  /**
   * The owner's moderation of an open draft: a reader is removed from the book (their connections
   * closed) and can no longer join it through a public link. Recorded in the book's index
   * (`blockedReaders`, the server's alone), so every instance sees it. Readers only: an author or
   * reviewer is the owner's own invitation, removed on the members page.
   */
  async block(ownerId: string, bookId: string, userId: string): Promise<void> {
    const ownerRole = await this.deps.accounts.roleOf(bookId, ownerId);
    if (ownerRole === null) throw new AppError('not-found', 'no such book');
    if (ownerRole !== 'owner') throw new AppError('forbidden', 'only the owner blocks readers');
    const role = await this.deps.accounts.roleOf(bookId, userId);
    if (role !== null && role !== 'reader') {
      throw new AppError('conflict', `only readers are blocked, not a ${role}: remove them instead`);
    }
    if (role !== null) await this.deps.accounts.removeMemberAsAdmin(bookId, userId);
    const index = await this.deps.rooms.acquire(bookId as DocName);
    try {
      if (blockedOf(index.doc).has(userId)) return;
      await index.changeAs(`user:${ownerId}`, 'moderation', (doc) => blockedOf(doc).set(userId, this.now()));
    } finally {
      this.deps.rooms.release(index);
    }
  }

  private async isBlocked(bookId: string, userId: string): Promise<boolean> {
    const index = await this.deps.rooms.acquire(bookId as DocName);
    try {
      return blockedOf(index.doc).has(userId);
    } finally {
      this.deps.rooms.release(index);
    }
  }

  /** Resolves when `name` is a chapter with an open round whose public link is `code`. */
  private async checkLink(name: DocName, code: string): Promise<void> {
    if (docKindOf(name) !== 'chapter')
      throw new AppError('forbidden', 'a public link opens its chapter only');
    const room = await this.deps.rooms.acquire(commentsDocOf(name));
    try {
      const round = openRound(roundsOf(room.doc).values(), this.now());
      if (!round?.publicCode || !isSameCode(round.publicCode, code)) {
        throw new AppError('not-found', 'no such public link');
      }
    } finally {
      this.deps.rooms.release(room);
    }
  }
}

function isSameCode(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

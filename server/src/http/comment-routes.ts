import type { FastifyInstance } from 'fastify';
import {
  CreateThreadRequest,
  EditCommentRequest,
  MarkReadRequest,
  OpenRoundRequest,
  ReplyRequest,
} from '@wethink/shared';
import type { AccountService } from '../accounts/account-service';
import type { CommentsService } from '../comments/comments-service';
import type { Notifications } from '../comments/notifications';
import { perUserLimit, sessionUser } from './session-user';
import { parse } from './validate';

type ChapterParams = { Params: { bookId: string; chapterId: string } };
type ThreadParams = { Params: { bookId: string; chapterId: string; threadId: string } };
type CommentParams = { Params: { bookId: string; chapterId: string; threadId: string; commentId: string } };
type RoundParams = { Params: { bookId: string; chapterId: string; roundId: string } };

const CHAPTER = '/api/books/:bookId/chapters/:chapterId';

/** Comment, review-round and notification routes (see shared/src/api/comment-types.ts). */
export function registerCommentRoutes(
  app: FastifyInstance,
  deps: {
    accounts: AccountService;
    comments: CommentsService;
    notifications: Notifications;
    writesPerMinute: number;
  },
): void {
  const { comments } = deps;
  // Each write copies the comments document: capped per signed-in user (else per address).
  const limited = perUserLimit(deps.writesPerMinute);
  const userOf = sessionUser(deps.accounts);

  app.get<ChapterParams>(`${CHAPTER}/comments`, async (request) => {
    const { bookId, chapterId } = request.params;
    return comments.list(await userOf(request), bookId, chapterId);
  });

  app.post<ChapterParams>(`${CHAPTER}/threads`, limited, async (request, reply) => {
    const { bookId, chapterId } = request.params;
    const user = await userOf(request);
    const created = await comments.createThread(
      user,
      bookId,
      chapterId,
      parse(CreateThreadRequest, request.body),
    );
    return reply.code(201).send(created);
  });

  app.post<ThreadParams>(`${CHAPTER}/threads/:threadId/comments`, limited, async (request, reply) => {
    const { bookId, chapterId, threadId } = request.params;
    const user = await userOf(request);
    const comment = await comments.reply(
      user,
      bookId,
      chapterId,
      threadId,
      parse(ReplyRequest, request.body),
    );
    return reply.code(201).send({ comment });
  });

  app.patch<CommentParams>(`${CHAPTER}/threads/:threadId/comments/:commentId`, limited, async (request) => {
    const { bookId, chapterId, threadId, commentId } = request.params;
    const user = await userOf(request);
    const { body } = parse(EditCommentRequest, request.body);
    return { comment: await comments.edit(user, bookId, chapterId, { threadId, commentId }, body) };
  });

  app.delete<CommentParams>(`${CHAPTER}/threads/:threadId/comments/:commentId`, limited, async (request) => {
    const { bookId, chapterId, threadId, commentId } = request.params;
    return {
      comment: await comments.delete(await userOf(request), bookId, chapterId, { threadId, commentId }),
    };
  });

  for (const [action, status] of [
    ['resolve', 'resolved'],
    ['reopen', 'open'],
  ] as const) {
    app.post<ThreadParams>(`${CHAPTER}/threads/:threadId/${action}`, limited, async (request) => {
      const { bookId, chapterId, threadId } = request.params;
      return { thread: await comments.setStatus(await userOf(request), bookId, chapterId, threadId, status) };
    });
  }

  app.post<ChapterParams>(`${CHAPTER}/rounds`, limited, async (request, reply) => {
    const { bookId, chapterId } = request.params;
    const user = await userOf(request);
    const round = await comments.openRound(user, bookId, chapterId, parse(OpenRoundRequest, request.body));
    return reply.code(201).send({ round });
  });

  app.post<RoundParams>(`${CHAPTER}/rounds/:roundId/close`, limited, async (request) => {
    const { bookId, chapterId, roundId } = request.params;
    return { round: await comments.closeRound(await userOf(request), bookId, chapterId, roundId) };
  });

  app.get('/api/notifications', async (request) => deps.notifications.list(await userOf(request)));

  app.post('/api/notifications/read', async (request, reply) => {
    const user = await userOf(request);
    await deps.notifications.markRead(user, parse(MarkReadRequest, request.body).ids);
    return reply.code(204).send();
  });
}

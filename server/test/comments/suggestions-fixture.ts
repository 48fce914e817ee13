import { expect } from 'vitest';
import type * as Y from 'yjs';
import type { AuthorshipView, BulkDecisionView, SuggestionRecord } from '@wethink/shared';
import type { ApiUser } from '../protocol/api-user';
import { anchorOf, chapterPath, newId } from './comments-fixture';

/** The encoded position `index` characters into the first paragraph of `doc`. */
export function pointOf(doc: Y.Doc, index: number): string {
  return anchorOf(doc, index, index).start;
}

export function suggest(user: ApiUser, bookId: string, body: object): Promise<Response> {
  return user.request('POST', chapterPath(bookId, '/suggestions'), { id: newId(), ...body });
}

/** The record a 201 answered; throws with the status and body otherwise. */
export async function created(response: Promise<Response>): Promise<SuggestionRecord> {
  const answer = await response;
  if (answer.status !== 201) throw new Error(`${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as { suggestion: SuggestionRecord }).suggestion;
}

export function decide(
  user: ApiUser,
  bookId: string,
  id: string,
  decision: 'accept' | 'reject',
): Promise<Response> {
  return user.request('POST', chapterPath(bookId, `/suggestions/${id}/${decision}`));
}

export function decideAllRequest(
  user: ApiUser,
  bookId: string,
  decision: 'accept' | 'reject',
  by?: string,
): Promise<Response> {
  const query = by === undefined ? '' : `?by=${encodeURIComponent(by)}`;
  return user.request('POST', chapterPath(bookId, `/suggestions/${decision}-all${query}`));
}

export async function decideAll(
  user: ApiUser,
  bookId: string,
  decision: 'accept' | 'reject',
  by?: string,
): Promise<BulkDecisionView> {
  const answer = await decideAllRequest(user, bookId, decision, by);
  if (answer.status !== 200) throw new Error(`${answer.status} ${await answer.text()}`);
  return (await answer.json()) as BulkDecisionView;
}

export async function authorship(user: ApiUser, bookId: string): Promise<AuthorshipView> {
  return user.json<AuthorshipView>('GET', chapterPath(bookId, '/authorship'));
}

/** Who wrote every character of `fragment` (one user id), or `mixed:…` / null when absent. */
export function writerOf(view: AuthorshipView, fragment: string): string | null {
  const text = view.runs.map((run) => run.text).join('');
  const at = text.indexOf(fragment);
  if (at < 0) return null;
  let offset = 0;
  const writers = new Set<string | null>();
  for (const run of view.runs) {
    const end = offset + run.text.length;
    if (end > at && offset < at + fragment.length) writers.add(run.userId);
    offset = end;
  }
  return writers.size === 1 ? [...writers][0]! : `mixed:${[...writers].join(',')}`;
}

export async function openRound(owner: ApiUser, bookId: string): Promise<void> {
  expect((await owner.request('POST', chapterPath(bookId, '/rounds'), { title: 'Draft' })).status).toBe(201);
}

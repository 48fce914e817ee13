import type { z } from 'zod';
import { AppError } from '@wethink/shared';

/** Parses a request body or query with a shared schema; a mismatch is a 400 naming each bad field. */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const detail = result.error.issues
      .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
      .join('; ');
    throw new AppError('invalid-request', detail);
  }
  return result.data;
}

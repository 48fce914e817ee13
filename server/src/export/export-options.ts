import { z } from 'zod';
import { AppError } from '@wethink/shared';

/** Which text of each chapter an export holds. */
export type TextSelection =
  | { kind: 'current' }
  /** Each chapter as its newest saved version at or before `at`; chapters without one are left out. */
  | { kind: 'as-of'; at: Date }
  /** The named chapters as those versions (by id); every other chapter as it is now. */
  | { kind: 'versions'; versionOf: ReadonlyMap<string, number> };

/** What an export holds besides the format: parsed once, at the edge (HTTP query or CLI flags). */
export interface ExportOptions {
  text: TextSelection;
  /** Comment threads as an appendix per chapter, or not at all; the file says which. */
  hasComments: boolean;
  /** Markdown only: one manuscript, or a zip of one file per chapter (with an `images/` folder). */
  markdownLayout: 'single' | 'zip';
  /** The id of one of the book's images to use as the cover, if any. */
  coverImageId: string | null;
}

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = {
  text: { kind: 'current' },
  hasComments: false,
  markdownLayout: 'single',
  coverImageId: null,
};

const VERSION_PAIR = /^[A-Za-z0-9_-]{1,64}:[1-9]\d{0,15}$/;

/**
 * The options as they arrive (strings from a query string or command-line flags). `versions` is
 * `chapterId:versionId` pairs separated by commas; `asOf` an ISO 8601 time with a zone.
 */
export const exportOptionsInput = z
  .object({
    comments: z.enum(['appendix', 'none']).default('none'),
    asOf: z.iso.datetime({ offset: true, message: 'asOf must be an ISO 8601 time with a zone' }).optional(),
    versions: z
      .string()
      .refine((value) => value.split(',').every((pair) => VERSION_PAIR.test(pair)), {
        message: 'versions must be chapterId:versionId pairs separated by commas',
      })
      .optional(),
    markdown: z.enum(['single', 'zip']).default('single'),
    cover: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,128}$/, 'cover must be the id of one of the book\u2019s images')
      .optional(),
  })
  .refine((input) => !(input.asOf && input.versions), {
    message: 'choose asOf or versions, not both',
    path: ['asOf'],
  });

export type ExportOptionsInput = z.input<typeof exportOptionsInput>;

/** Options from their string form; anything wrong is an `invalid-request` naming each bad field. */
export function parseExportOptions(input: unknown): ExportOptions {
  const result = exportOptionsInput.safeParse(input ?? {});
  if (!result.success) {
    const detail = result.error.issues
      .map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`)
      .join('; ');
    throw new AppError('invalid-request', `bad export options: ${detail}`);
  }
  const { comments, asOf, versions, markdown, cover } = result.data;
  const versionOf = new Map<string, number>();
  for (const pair of versions ? versions.split(',') : []) {
    const [chapterId, id] = pair.split(':') as [string, string];
    if (versionOf.has(chapterId))
      throw new AppError('invalid-request', `bad export options: versions names ${chapterId} twice`);
    versionOf.set(chapterId, Number(id));
  }
  return {
    text: asOf
      ? { kind: 'as-of', at: new Date(asOf) }
      : versionOf.size > 0
        ? { kind: 'versions', versionOf }
        : { kind: 'current' },
    hasComments: comments === 'appendix',
    markdownLayout: markdown,
    coverImageId: cover ?? null,
  };
}

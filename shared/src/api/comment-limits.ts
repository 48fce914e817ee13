/** Longest comment body in characters. */
export const MAX_COMMENT_CHARS = 5000;
/** Most threads one chapter may hold (comments beyond are refused with 413). */
export const MAX_THREADS_PER_CHAPTER = 5000;
/** Most comments one thread may hold. */
export const MAX_COMMENTS_PER_THREAD = 500;

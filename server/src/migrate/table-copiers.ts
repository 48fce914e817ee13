/** A SQLite file under DATA_DIR and the migration set that gives it its schema. */
export interface SqliteFile {
  name: string;
  /** Folder under storage/migrations/ (see sqlite-migrations.ts). */
  migrations: string;
}

export const accountsFile: SqliteFile = { name: 'accounts.sqlite', migrations: 'sqlite-accounts' };

/**
 * One table `wethink migrate` copies: the same name and columns in SQLite and PostgreSQL. Values
 * cross as they are (numbers, text, null; BLOB ⇄ BYTEA as bytes), so a table whose columns differ
 * between the two schemas needs its own copier, not an entry here.
 */
export interface TableCopier {
  table: string;
  /** The SQLite file that holds the table. */
  file: SqliteFile;
  columns: readonly string[];
  /** The primary key: rows are read in its order, a page after the last row's key. */
  key: readonly string[];
  /** A generated id column: PostgreSQL's sequence is moved past the copied ids. */
  identity?: string;
}

/** Accounts, in foreign-key order (a table comes after those it references). */
export const accountTables: readonly TableCopier[] = [
  {
    table: 'users',
    file: accountsFile,
    columns: ['id', 'email', 'name', 'color', 'password_hash', 'created_at'],
    key: ['id'],
  },
  {
    table: 'sessions',
    file: accountsFile,
    columns: ['token_hash', 'user_id', 'expires_at'],
    key: ['token_hash'],
  },
  { table: 'books', file: accountsFile, columns: ['id', 'title', 'created_at'], key: ['id'] },
  {
    table: 'members',
    file: accountsFile,
    columns: ['book_id', 'user_id', 'role', 'color'],
    key: ['book_id', 'user_id'],
  },
  {
    table: 'invites',
    file: accountsFile,
    columns: [
      'id',
      'code',
      'book_id',
      'role',
      'created_by',
      'created_at',
      'revoked_at',
      'expires_at',
      'max_uses',
      'use_count',
    ],
    key: ['id'],
  },
  {
    table: 'notifications',
    file: accountsFile,
    columns: [
      'id',
      'user_id',
      'kind',
      'book_id',
      'chapter_id',
      'thread_id',
      'comment_id',
      'from_user_id',
      'excerpt',
      'created_at',
      'read_at',
    ],
    key: ['id'],
    identity: 'id',
  },
];

export const documentsFile: SqliteFile = { name: 'wethink.sqlite', migrations: 'sqlite' };

/**
 * The history of documents: the same columns on both sides. The update logs themselves are not
 * rows to copy (SQLite numbers them across documents, PostgreSQL per document): documents.ts
 * moves each chapter as one compacted state.
 */
export const documentTables: readonly TableCopier[] = [
  {
    table: 'client_owners',
    file: documentsFile,
    columns: ['doc', 'client_id', 'principal'],
    key: ['doc', 'client_id'],
  },
  {
    table: 'contributions',
    file: documentsFile,
    columns: [
      'doc',
      'book',
      'user_id',
      'minute_ms',
      'chars_inserted',
      'chars_deleted',
      'words_added',
      'words_removed',
    ],
    key: ['doc', 'user_id', 'minute_ms'],
  },
  {
    table: 'deletions',
    file: documentsFile,
    columns: ['id', 'doc', 'user_id', 'at_ms', 'ranges'],
    key: ['id'],
    identity: 'id',
  },
  {
    table: 'versions',
    file: documentsFile,
    columns: [
      'id',
      'doc',
      'kind',
      'name',
      'created_at',
      'created_by',
      'state',
      'snapshot',
      'base_id',
      'depth',
    ],
    key: ['id'],
    identity: 'id',
  },
  // Figures' images (issue 21). The search tables are not copied: derived, rebuilt on first search.
  {
    table: 'blobs',
    file: documentsFile,
    columns: ['book', 'id', 'content_type', 'data', 'created_at'],
    key: ['book', 'id'],
  },
];

/** Everything `wethink migrate` copies as rows, in order. */
export const tableCopiers: readonly TableCopier[] = [...accountTables, ...documentTables];

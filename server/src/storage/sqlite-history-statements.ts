import type Database from 'libsql';

/** The prepared statements behind history: client bindings, contributions, deletions, versions. */
export interface HistoryStatements {
  selectOwners: Database.Statement;
  insertOwner: Database.Statement;
  upsertContribution: Database.Statement;
  selectDocContributions: Database.Statement;
  selectBookContributions: Database.Statement;
  insertDeletion: Database.Statement;
  selectDeletions: Database.Statement;
  insertVersion: Database.Statement;
  selectVersions: Database.Statement;
  selectVersion: Database.Statement;
  selectLatestVersion: Database.Statement;
  selectChapters: Database.Statement;
}

const contributionColumns =
  'doc, user_id, minute_ms, chars_inserted, chars_deleted, words_added, words_removed';
const versionColumns =
  'id, doc, kind, name, created_at, created_by, base_id, depth, length(state) AS state_bytes';

export function prepareHistory(db: Database.Database): HistoryStatements {
  return {
    selectOwners: db.prepare('SELECT client_id, principal FROM client_owners WHERE doc = ?'),
    insertOwner: db.prepare(
      'INSERT INTO client_owners (doc, client_id, principal) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    upsertContribution: db.prepare(
      `INSERT INTO contributions (doc, book, user_id, minute_ms, chars_inserted, chars_deleted, words_added, words_removed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (doc, user_id, minute_ms) DO UPDATE SET
         chars_inserted = chars_inserted + excluded.chars_inserted,
         chars_deleted = chars_deleted + excluded.chars_deleted,
         words_added = words_added + excluded.words_added,
         words_removed = words_removed + excluded.words_removed`,
    ),
    selectDocContributions: db.prepare(
      `SELECT ${contributionColumns} FROM contributions WHERE doc = ? AND minute_ms >= ? AND minute_ms < ?
       ORDER BY minute_ms`,
    ),
    selectBookContributions: db.prepare(
      `SELECT ${contributionColumns} FROM contributions WHERE book = ? AND minute_ms >= ? AND minute_ms < ?
       ORDER BY minute_ms`,
    ),
    insertDeletion: db.prepare('INSERT INTO deletions (doc, user_id, at_ms, ranges) VALUES (?, ?, ?, ?)'),
    selectDeletions: db.prepare('SELECT user_id, at_ms, ranges FROM deletions WHERE doc = ? ORDER BY id'),
    insertVersion: db.prepare(
      `INSERT INTO versions (doc, kind, name, created_at, created_by, state, snapshot, base_id, depth)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    selectVersions: db.prepare(`SELECT ${versionColumns} FROM versions WHERE doc = ? ORDER BY id`),
    selectVersion: db.prepare(
      `SELECT ${versionColumns}, state, snapshot FROM versions WHERE doc = ? AND id = ?`,
    ),
    selectLatestVersion: db.prepare(
      `SELECT ${versionColumns}, state, snapshot FROM versions WHERE doc = ? ORDER BY id DESC LIMIT 1`,
    ),
    selectChapters: db.prepare(
      `SELECT doc FROM updates WHERE doc >= ? AND doc < ?
       UNION SELECT doc FROM documents WHERE doc >= ? AND doc < ?
       UNION SELECT doc FROM versions WHERE doc >= ? AND doc < ?
       ORDER BY doc`,
    ),
  };
}

import { ExportDialog } from './export-dialog';
import { ExportVersionPicker } from './export-version-picker';
import { ImportEntry } from './import-entry';

/** The book page's export and import controls: their own chunk, loaded with the book page. */
export const bookFilesElements = {
  'export-dialog': ExportDialog,
  'export-version-picker': ExportVersionPicker,
  'import-entry': ImportEntry,
} as const;

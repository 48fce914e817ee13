import fs from 'node:fs';

/** Chromium writes the document information near the start of the file. */
const HEAD_BYTES = 16 * 1024;
const DATE_ENTRY = /\/(CreationDate|ModDate) \((D:\d{14}[+\-Z][^)]*)\)/g;

/** A PDF date (ISO 32000 7.9.4) in UTC, in the 23 characters Chromium's own take. */
export function pdfDate(date: Date): string {
  const iso = date.toISOString(); // 2026-12-01T00:00:00.000Z
  return `D:${iso.slice(0, 19).replace(/[-T:]/g, '')}+00'00'`;
}

/**
 * Sets the PDF's creation and modification dates to `date` (the time the export stands for), so two
 * exports of the same version are the same bytes: Chromium stamps the time it printed, and that is
 * all that differs between two prints. Each date is overwritten in place with one of the same
 * length, so no offset in the file moves; one of another length is left as it is.
 */
export async function setPdfDates(file: string, date: Date): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    const text = head.subarray(0, bytesRead).toString('latin1');
    const stamp = pdfDate(date);
    for (const match of text.matchAll(DATE_ENTRY)) {
      const old = match[2]!;
      if (old.length !== stamp.length) continue;
      const at = match.index + match[0].indexOf('(') + 1;
      await handle.write(Buffer.from(stamp, 'latin1'), 0, stamp.length, at);
    }
  } finally {
    await handle.close();
  }
}

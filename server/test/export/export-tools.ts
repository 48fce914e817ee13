import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir } from '../start-test-server';

const run = promisify(execFile);

/** Debian's epubcheck jar (scripts/test.sh installs it); its /usr/bin wrapper fails in containers. */
export const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';

/** Why epubcheck cannot run here, or null when it can. */
export function epubcheckMissing(): string | null {
  if (!fs.existsSync(EPUBCHECK_JAR)) return `${EPUBCHECK_JAR} missing: run scripts/test.sh (it installs it)`;
  return null;
}

/** epubcheck's verdict on an EPUB: its exit code and the messages it printed (errors and warnings). */
export async function epubcheck(epub: Uint8Array): Promise<{ isValid: boolean; output: string }> {
  const file = path.join(makeTempDir(), 'book.epub');
  fs.writeFileSync(file, epub);
  try {
    const { stdout, stderr } = await run('java', ['-jar', EPUBCHECK_JAR, '--quiet', file], {
      timeout: 60_000,
    });
    return { isValid: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    if (failed.code === undefined) throw error;
    return { isValid: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** The local file header of a zip's first entry: its name and compression method (0: stored). */
export function firstZipEntry(zip: Uint8Array): { name: string; method: number; extraLength: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (view.getUint32(0, true) !== 0x04034b50) throw new Error('not a zip: no local file header at 0');
  const nameLength = view.getUint16(26, true);
  return {
    method: view.getUint16(8, true),
    name: new TextDecoder().decode(zip.subarray(30, 30 + nameLength)),
    extraLength: view.getUint16(28, true),
  };
}

/** Why the PDF checks cannot run here (no Chromium or no poppler-utils), or null when they can. */
export function pdfToolsMissing(): string | null {
  if (!fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium missing: apt-get install chromium';
  if (!fs.existsSync('/usr/bin/pdftotext')) return 'pdftotext missing: run scripts/test.sh (it installs it)';
  return null;
}

/** Runs a poppler tool (pdftotext, pdfinfo, pdffonts) on a PDF; resolves to its stdout. */
export async function poppler(tool: string, pdf: Uint8Array, args: string[] = []): Promise<string> {
  const file = path.join(makeTempDir(), 'book.pdf');
  fs.writeFileSync(file, pdf);
  const output = tool === 'pdftotext' ? ['-'] : [];
  return (await run(tool, [...args, file, ...output], { timeout: 30_000 })).stdout;
}

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, startBook, test } from '../fixtures/authors';

// Runs in the `cluster` project: two wethink instances behind HAProxy (scripts/cluster.sh), one
// PostgreSQL and one Redis between them.

interface Instance {
  id: string;
  port: number;
  pid: number;
}

function instances(): Instance[] {
  const file = path.join(process.env.WETHINK_E2E_CLUSTER_STATE!, 'instances');
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [id, port, pid] = line.split(' ');
      return { id: id!, port: Number(port), pid: Number(pid) };
    });
}

async function connectionsOf(instance: Instance): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${instance.port}/healthz`);
  return ((await response.json()) as { connections: number }).connections;
}

test('two authors on different instances type in one paragraph, see each other’s cursors, and survive the kill of one instance', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const ben = await newAuthor('Ben');
  const { bookId, chapterId } = await startBook([ada, ben]);

  await ada.chapter.focusEnd();
  await ada.chapter.type('Ada writes. ');
  await expect.poll(() => ben.chapter.text()).toContain('Ada writes.');
  await ben.chapter.focusEnd();
  await ben.chapter.type('Ben answers. ');
  await expect.poll(() => ada.chapter.text()).toContain('Ben answers.');
  await expect(ada.chapter.remoteCursor('Ben')).toContainText('Ben');
  await expect(ben.chapter.remoteCursor('Ada')).toContainText('Ada');

  // HAProxy spreads the sockets (least connections): both instances serve this book.
  const running = instances();
  const counts = await Promise.all(running.map(connectionsOf));
  expect(counts.filter((count) => count > 0).length).toBe(2);
  await ada.chapter.expectStage('saved');
  await ben.chapter.expectStage('saved');

  // kill -9 of the busier instance: its sockets reconnect through HAProxy to the other one.
  const victim = running[counts.indexOf(Math.max(...counts))]!;
  execFileSync('kill', ['-9', String(victim.pid)]);
  await ada.chapter.type('After the crash. ');
  await ben.chapter.type('Still here. ');
  await ada.chapter.expectStage('saved');
  await ben.chapter.expectStage('saved');
  await expect.poll(async () => (await ada.chapter.text()) === (await ben.chapter.text())).toBe(true);
  const text = await ada.chapter.text();
  for (const sentence of ['Ada writes.', 'Ben answers.', 'After the crash.', 'Still here.']) {
    expect(text).toContain(sentence);
  }
  // "Saved" was true: a fresh page, served from PostgreSQL by the surviving instance, has it all.
  const carol = await newAuthor('Ada again');
  await carol.page.context().addCookies(await ada.page.context().cookies());
  await carol.chapter.open(bookId, chapterId);
  await expect.poll(() => carol.chapter.text()).toBe(text);
});

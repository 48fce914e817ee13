import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/authors';

/** Every script the page has loaded so far, with its text. */
function recordScripts(page: Page): Map<string, Promise<string>> {
  const scripts = new Map<string, Promise<string>>();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.set(response.url(), response.text());
  });
  return scripts;
}

test('the client ships without zod or public source maps, and the chapter page loads as its own chunk', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada', { signUp: false });
  const scripts = recordScripts(ada.page);
  await ada.app.open('/sign-in');
  await ada.app.expectOnSignIn();
  await ada.app.goToSignUp();
  await ada.app.signUp(ada.credentials);
  await ada.app.expectHome();

  const startPage = [...scripts.keys()];
  expect(startPage.length).toBeGreaterThan(0);
  for (const url of startPage) {
    const text = await scripts.get(url)!;
    // zod's own class names survive minification; the server validates requests, not the client.
    expect(text, url).not.toMatch(/ZodError|\$ZodType/);
    expect(text, url).not.toMatch(/sourceMappingURL=/);
    const map = await ada.page.request.get(`${url}.map`);
    const body = map.ok() ? await map.text() : '';
    expect(body, `${url}.map`).not.toContain('"sourcesContent"');
  }
  // The start page did not wait for the editor: about half of the 600 KB one chunk was (253 KB
  // when the routes were split; 300 KB once the client read every frame with shared's strict
  // codec through its own provider and the pages got their own modules).
  const startBytes = (await Promise.all(startPage.map((url) => scripts.get(url)!))).reduce(
    (sum, text) => sum + text.length,
    0,
  );
  expect(startBytes).toBeLessThan(330_000);

  // Opening a chapter brings the editor's chunk.
  await ada.app.createBook('Chunked');
  await ada.chapter.expectLive();
  const added = [...scripts.keys()].filter((url) => !startPage.includes(url));
  expect(added.some((url) => /chapter-elements/.test(url))).toBe(true);
  for (const url of added) expect(await scripts.get(url)!, url).not.toMatch(/ZodError|\$ZodType/);
});

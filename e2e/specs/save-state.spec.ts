import { SaveLevel } from '@wethink/shared';
import { addMember, expect, startBook, test } from '../fixtures/authors';
import { SocketGate } from '../support/socket-gate';

test('the indicator says Saved only after the server’s durable ack, and warns before leaving until then', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const { bookId, chapterId } = await startBook([ada]);
  const ben = await newAuthor('Ben');
  await addMember(ada, ben, bookId, 'author');
  const gate = await SocketGate.install(ben.page);
  await ben.chapter.open(bookId, chapterId);
  await ben.chapter.expectLive();
  await ben.chapter.expectStage('saved');

  gate.holdAcks(SaveLevel.durable);
  await ben.chapter.focusEnd();
  await ben.chapter.type('Held back.');
  // The server has confirmed durability, but the client has not heard it yet.
  await expect.poll(() => gate.heldAckCount).toBeGreaterThan(0);
  await ben.chapter.expectStage('sent');
  await expect(ben.chapter.saveIndicator).toContainText('Sent');
  await expect(ben.chapter.saveIndicator).toContainText('not yet saved');
  await expect(ben.chapter.saveIndicator).toHaveAttribute('unsaved-changes', /^[1-9]\d*$/);

  // Leaving now would lose nothing on this device, but the server's disk does not have it yet.
  const leaveWarning = ben.page.waitForEvent('dialog');
  await ben.page.close({ runBeforeUnload: true });
  const dialog = await leaveWarning;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  await expect(ben.chapter.editor).toBeVisible();

  // Holding the received acks too keeps it at "on this device".
  gate.holdAcks(SaveLevel.received);
  await ben.chapter.type(' More.');
  await expect.poll(() => gate.acksFromServer.durable).toBeGreaterThan(1);
  await ben.chapter.expectStage('device');
  await expect(ben.chapter.saveIndicator).toContainText('On this device');

  gate.releaseAcks();
  await ben.chapter.expectStage('saved');
  await expect(ben.chapter.saveIndicator).toContainText('Saved');
  await expect(ben.chapter.saveIndicator).not.toContainText('not yet saved');
  await expect.poll(() => ada.chapter.text()).toBe('Held back. More.');
});

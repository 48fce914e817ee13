import { describe, expect, it } from 'vitest';
import { AccountService } from '../../src/accounts/account-service';
import { MemoryAccountStore } from '../../src/accounts/memory-account-store';
import { ConnectionTokens } from '../../src/accounts/tokens';

describe('invite expiry (service, injected clock)', () => {
  it('works until its time and then says it expired', async () => {
    let nowMs = 1_776_000_000_000;
    const store = new MemoryAccountStore();
    const accounts = new AccountService({
      store,
      tokens: new ConnectionTokens(new TextEncoder().encode('test-secret-test-secret-test-secret')),
      now: () => nowMs,
    });
    const { user: owner } = await accounts.signUp({
      email: 'o@x.invalid',
      name: 'Owner',
      password: 'long enough',
    });
    const { user: guest } = await accounts.signUp({
      email: 'g@x.invalid',
      name: 'Guest',
      password: 'long enough',
    });
    const book = await accounts.createBook(owner.id, 'Dated');
    const invite = await accounts.createInvite(owner.id, book.id, 'reader', { expiresInDays: 1 });
    nowMs += 24 * 3600 * 1000 - 1;
    expect(await accounts.previewInvite(invite.code)).toMatchObject({
      bookTitle: 'Dated',
      invitedBy: 'Owner',
    });
    nowMs += 1;
    await expect(accounts.previewInvite(invite.code)).rejects.toThrow(/expired/);
    await expect(accounts.acceptInvite(guest.id, invite.code)).rejects.toThrow(/expired/);
  });
});

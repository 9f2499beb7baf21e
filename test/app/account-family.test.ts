// Moving a number between accounts (checkTransfer, for IncomingPhoneNumbers' AccountSid update) and acting
// for an account named in a 2010 URL (accountToActFor), on both databases: Twilio's 21473 for an account
// outside the owner's family, 21474 for a subaccount moving a number anywhere but to its owner.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { accountToActFor, checkTransfer } from '../../src/app/account-family.ts';
import type { Account } from '../../src/domain/account.ts';
import { AppError } from '../../src/domain/errors.ts';
import type { Store } from '../../src/ports/store.ts';
import { testDeps } from '../support/app-deps.ts';
import { anAccount } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const refusedWith = (code: number) => (err: unknown): boolean => err instanceof AppError && err.twilioCode === code && err.status === 400;

for (const db of STORES) {
  describe(`account family on ${db.name}`, () => {
    const opened: Store[] = [];
    after(async () => { await Promise.all(opened.map((s) => s.close())); });

    const family = async () => {
      const store = await db.open();
      opened.push(store);
      const owner = anAccount();
      const stranger = anAccount();
      await store.upsertAccount(owner);
      await store.upsertAccount(stranger);
      const subOf = async (o: Account, status: Account['status'] = 'active') => {
        const sub = anAccount({ ownerAccountSid: o.sid, status });
        await store.createAccount(sub);
        return sub;
      };
      return {
        deps: testDeps(store), owner, stranger,
        sub: await subOf(owner), sibling: await subOf(owner), closed: await subOf(owner, 'closed'), strangersSub: await subOf(stranger),
      };
    };

    test('the owner moves numbers anywhere in its family; the receiving account is returned', async () => {
      const { deps, owner, sub, sibling } = await family();
      assert.equal((await checkTransfer(deps, owner.sid, sub.sid, owner.sid)).sid, sub.sid);
      assert.equal((await checkTransfer(deps, sub.sid, sibling.sid, owner.sid)).sid, sibling.sid);
      assert.equal((await checkTransfer(deps, sub.sid, owner.sid, sub.sid)).sid, owner.sid, 'a subaccount gives a number back');
    });

    test('21473 outside the family, to an unknown or closed account; 21474 from a subaccount to a sibling', async () => {
      const { deps, owner, stranger, sub, sibling, closed, strangersSub } = await family();
      await assert.rejects(checkTransfer(deps, owner.sid, stranger.sid, owner.sid), refusedWith(21473));
      await assert.rejects(checkTransfer(deps, sub.sid, strangersSub.sid, owner.sid), refusedWith(21473));
      await assert.rejects(checkTransfer(deps, owner.sid, closed.sid, owner.sid), refusedWith(21473));
      await assert.rejects(checkTransfer(deps, owner.sid, `AC${'0'.repeat(32)}`, owner.sid), refusedWith(21473));
      await assert.rejects(checkTransfer(deps, sub.sid, sibling.sid, sub.sid), refusedWith(21474));
    });

    test("a URL may name the caller's own account, or an active subaccount it owns with its auth token", async () => {
      const { deps, owner, stranger, sub, closed } = await family();
      const withToken = { account: owner, apiKeySid: null };
      assert.equal((await accountToActFor(deps, withToken, owner.sid))?.sid, owner.sid);
      assert.equal((await accountToActFor(deps, withToken, sub.sid))?.sid, sub.sid);
      assert.equal(await accountToActFor(deps, withToken, closed.sid), null);
      assert.equal(await accountToActFor(deps, withToken, stranger.sid), null);
      assert.equal(await accountToActFor(deps, { account: owner, apiKeySid: `SK${'1'.repeat(32)}` }, sub.sid), null);
      assert.equal(await accountToActFor(deps, { account: sub, apiKeySid: null }, owner.sid), null);
    });
  });
}

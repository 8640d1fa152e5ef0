// SECURITY.md "abuse and fault cases": one test per case, each asserting the safe outcome and that
// the emulated tenant saw no pass created where none was allowed. Cases 11, 12 and 20 also run in
// the flow suites (concurrency.int.spec.ts, request-flow.int.spec.ts).
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { actionsOf, cardOf, textOf } from '../../support/teams-client';
import { assertNoPassLeaks } from '../../support/leaks';
import { createStores } from '../../../src/store/create-stores';
import { approve, fileRequest, passIn, review, submitRequest, tapCreates } from '../flows/journey';

describe('SECURITY.md abuse and fault cases', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { RATE_LIMIT_PER_REQUESTER: '6', RATE_LIMIT_PER_TARGET: '3' } });
  });
  after(async () => {
    await stack?.close();
  });

  /** Runs `act` and asserts Graph saw no pass created meanwhile. */
  async function noCreate<T>(act: () => Promise<T>): Promise<T> {
    const before = tapCreates(stack);
    const result = await act();
    assert.equal(tapCreates(stack), before, 'no pass may be created');
    return result;
  }

  it('1b. "Handed over" with edited card data: only the person shown the pass may use it, whatever the card says', async () => {
    const { client, people, connector } = stack;
    const requestId = await fileRequest(client, people.gradya!, { lifetime: '60', reason: 'new-device' });
    assert.ok(passIn(cardOf(await approve(client, people.meganb!, requestId))));
    // The other copies are updated after the answer that showed the pass: let them land before counting.
    await connector.quiet();
    const count = connector.sent.length;
    const forged = cardOf(
      await client.click(
        people.adelev!,
        'pass.handed-over',
        { requestId, shownTo: people.adelev!.id, approverId: people.adelev!.id },
        { where: 'channel' },
      ),
    );
    assert.match(textOf(forged), /Only the person who was shown the pass/);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.deepEqual(
      connector.sent.slice(count).filter((s) => s.method === 'PUT'),
      [],
      'no card changed under Megan',
    );
    const mine = cardOf(
      await client.click(people.meganb!, 'pass.handed-over', { requestId, requestIdOther: 'TAP-0001' }, { where: 'channel' }),
    );
    assert.match(textOf(mine), /Issued by Megan Bowen/);
  });

  it('1. edited card data is ignored: the stored request decides, and another request stays out of reach', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.gradya!, { lifetime: '60' });
    const forged = await client.click(
      people.meganb!,
      'approval.approve',
      {
        requestId,
        verification: 'call-back',
        target: people.leeg!.id,
        lifetimeInMinutes: 480,
        isUsableOnce: false,
        approverId: people.adelev!.id,
      },
      { where: 'channel' },
    );
    const card = cardOf(forged);
    assert.ok(passIn(card));
    assert.match(textOf(card), /Grady Archie/);
    const created = stack.emulator
      .stats()
      .log.filter((l: { method: string; path: string }) => l.method === 'POST' && /temporaryAccessPassMethods/.test(l.path));
    assert.match(created.at(-1)!.path, new RegExp(people.gradya!.id));
    const isaiah = await fileRequest(client, people.isaiahl!);
    const other = await noCreate(() => approve(client, people.meganb!, isaiah));
    assert.equal(passIn(cardOf(other)), null);
  });

  it('2. an unknown verb or a refresh never approves', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.lynner!);
    const unknown = await noCreate(() =>
      client.click(people.adelev!, 'approval.approve-now', { requestId, verification: 'call-back' }, { where: 'channel' }),
    );
    assert.equal(unknown.status, 400);
    const refreshed = await noCreate(() => review(client, people.adelev!, requestId));
    assert.equal(passIn(cardOf(refreshed)), null);
    assert.ok(actionsOf(cardOf(refreshed)).some((a) => a.verb === 'approval.approve'));
  });

  it('3. the requester or the target cannot approve', async () => {
    const { client, people } = stack;
    const own = await fileRequest(client, people.meganb!);
    assert.match(textOf(cardOf(await noCreate(() => approve(client, people.meganb!, own)))), /cannot approve/);
    const forAlex = await fileRequest(client, people.meganb!, { target: 'alexw@contoso.com' });
    assert.match(textOf(cardOf(await noCreate(() => approve(client, people.meganb!, forAlex)))), /You asked for this pass/);
  });

  it('4. an Authentication Administrator is refused for Exchange Admin, Global Admin and PIM-eligible GA targets', async () => {
    const { client, people } = stack;
    for (const target of ['isaiahl', 'leeg', 'johannal']) {
      const requestId = await fileRequest(client, people.benw!, { target: people[target]!.upn });
      const card = cardOf(await noCreate(() => approve(client, people.meganb!, requestId)));
      assert.equal(passIn(card), null);
      assert.match(textOf(card), /Privileged Authentication Administrator/, target);
    }
  });

  it('5. a Privileged Authentication Administrator may issue for an ordinary member', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.debrab!);
    assert.ok(passIn(cardOf(await approve(client, people.adelev!, requestId))));
  });

  it('6. a PIM-eligible (not activated) approver is refused', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.miriamg!);
    const card = cardOf(await noCreate(() => approve(client, people.henriettam!, requestId)));
    assert.match(textOf(card), /not active/);
  });

  it('7. a role held through a role-assignable group is recognised', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.enricoc!);
    assert.ok(passIn(cardOf(await approve(client, people.pattif!, requestId))));
  });

  it('8. an AU-scoped approver: inside allowed, outside refused, admin inside refused', async () => {
    const { client, people } = stack;
    const lynne = await fileRequest(client, people.lynner!, { reason: 'new-device' });
    const refusedAdmin = cardOf(await noCreate(() => approve(client, people.jonis!, lynne)));
    assert.match(textOf(refusedAdmin), /administrative unit/);
    const allan = await fileRequest(client, people.alland!);
    assert.match(textOf(cardOf(await noCreate(() => approve(client, people.jonis!, allan)))), /administrative unit/);
  });

  it('9. disabled, external guest, outside the policy, restricted AU refused with the reason; an internal guest is allowed', async () => {
    const { client, people } = stack;
    await noCreate(async () => {
      for (const [upn, reason] of [
        [people.diegos!.upn, /disabled/],
        ['emily_fabrikam.com#EXT#@contoso.onmicrosoft.com', /external guest/],
        [people.pradeepg!.upn, /excluded/],
        [people.nestorw!.upn, /restricted-management/],
      ] as const) {
        assert.match(textOf(await submitRequest(client, people.benw!, { target: upn })), reason);
      }
    });
    const cameron = await fileRequest(client, people.cameronw!, { reason: 'new-device' });
    assert.ok(passIn(cardOf(await approve(client, people.adelev!, cameron))));
  });

  it('10. a lifetime outside the policy is refused before Graph is called', async () => {
    const { client, people } = stack;
    for (const lifetime of ['59', '481']) {
      const card = await noCreate(() => submitRequest(client, people.henriettam!, { lifetime }));
      assert.match(textOf(card), /between 60 and 480 minutes/);
    }
  });

  it('16. approval after expiry is refused and the card shows expired', async () => {
    const { client, people, clock } = stack;
    const requestId = await fileRequest(client, people.gerhartm!, { reason: 'locked-out' });
    clock.advance(31);
    const card = cardOf(await noCreate(() => approve(client, people.adelev!, requestId)));
    assert.equal(passIn(card), null);
    assert.match(textOf(card), /Expired/);
    const status = cardOf(await client.click(people.gerhartm!, 'request.refresh', { requestId }));
    assert.match(textOf(status), /expired/i);
    clock.reset();
  });

  it('17. a flood of requests from one requester, or for one target, is limited', async () => {
    const { client, people } = stack;
    for (let i = 0; i < 3; i += 1) await fileRequest(client, people.benw!, { target: people.christiec!.upn, reason: 'onboarding' });
    const limited = await noCreate(() => submitRequest(client, people.benw!, { target: people.christiec!.upn, reason: 'onboarding' }));
    assert.match(textOf(limited), /requests for this person in the last hour/);
    // Ben has now filed six requests this hour (three in case 4): the requester limit.
    const flooded = await submitRequest(client, people.benw!, { target: people.gradya!.upn });
    assert.match(textOf(flooded), /You have asked for 6 passes in the last hour/);
  });

  it('18. Graph 429 is retried within bounds; 503, timeout or a dropped answer on create is settled by reading, never shown twice', async () => {
    const { client, people, emulator } = stack;
    const throttled = await fileRequest(client, people.lidiah!, { reason: 'new-device' });
    emulator.faults.set({
      rules: [{ method: 'POST', path: 'temporaryAccessPassMethods', kind: 'status429', retryAfterSeconds: 1, times: 1 }],
    });
    const before = tapCreates(stack);
    assert.ok(passIn(cardOf(await approve(client, people.adelev!, throttled))), 'issued after the retry');
    assert.equal(tapCreates(stack), before + 1);

    for (const kind of ['status503', 'drop-after-write'] as const) {
      emulator.faults.set({ rules: [{ method: 'POST', path: 'temporaryAccessPassMethods', kind, times: 1 }] });
      const requestId = await fileRequest(client, people.alexw!, { reason: 'new-device' });
      const card = cardOf(await approve(client, people.adelev!, requestId));
      assert.equal(passIn(card), null, `${kind}: no pass is shown that Graph did not return`);
      assert.match(textOf(card), kind === 'status503' ? /none was created|Nothing was issued/ : /answer was lost|deleted that pass/);
      const passes = await fetchPasses(people.alexw!.id);
      assert.equal(passes.length, 0, `${kind}: an orphaned pass is not left behind`);
      emulator.faults.clear();
      assert.ok(passIn(cardOf(await approve(client, people.adelev!, requestId))), `${kind}: approving again issues once`);
    }
  });

  async function fetchPasses(userId: string): Promise<unknown[]> {
    const token = (await (
      await fetch(stack.emulator.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: stack.emulator.clientId,
          client_secret: stack.emulator.clientSecret,
          scope: 'https://graph.microsoft.com/.default',
        }),
      })
    ).json()) as { access_token: string };
    const response = await fetch(`${stack.emulator.graphUrl}/users/${userId}/authentication/temporaryAccessPassMethods`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    return ((await response.json()) as { value: unknown[] }).value;
  }

  it('20. no pass value reached a log, the store or a sent activity', async () => {
    const result = await assertNoPassLeaks(stack);
    assert.ok(result.passes >= 5);
  });

  it('19. storage down before issuing: no Graph write; after Graph returned the pass: the pass is deleted', async () => {
    const { client, people, emulator, azurite } = stack;
    const requestId = await fileRequest(client, people.alland!, { reason: 'new-device' });
    const stores = await createStores({
      connectionString: stack.storageConnectionString,
      accountUrl: null,
      tablePrefix: stack.env.STORAGE_TABLE_PREFIX as string,
    });
    // After: slow Graph down, and stop storage once the request is claimed and the create is on its way.
    emulator.faults.set({ latencyMs: 1500 });
    const deletesBefore = emulator.stats().tapDeletes;
    const pending = approve(client, people.adelev!, requestId);
    const deadline = Date.now() + 15_000;
    // The create is sent only after the claim and its audit entry are written: waiting for it (not
    // just for `issuing`) keeps storage from stopping under the audit write on a busy machine.
    const creating = () => emulator.stats().inFlight.some((r) => r.method === 'POST' && /temporaryAccessPassMethods$/.test(r.path));
    while ((await stores.requests.get(requestId))?.value.status !== 'issuing' || !creating()) {
      if (Date.now() > deadline) throw new Error('the request was never claimed, or its pass never requested');
      await new Promise((r) => setTimeout(r, 25));
    }
    await azurite.stop();
    const card = cardOf(await pending);
    emulator.faults.clear();
    assert.equal(passIn(card), null, 'a pass that could not be recorded is not shown');
    assert.equal(
      emulator.stats().tapDeletes,
      deletesBefore + 1,
      `the unrecorded pass is deleted:\n${textOf(card)}\n${stack.logs.slice(-6).join('')}`,
    );
    // Before: with storage down nothing reaches Graph.
    const answer = await noCreate(() =>
      client.click(people.adelev!, 'approval.approve', { requestId, verification: 'call-back' }, { where: 'channel' }),
    );
    assert.match(textOf(cardOf(answer)), /storage/);
  });
});

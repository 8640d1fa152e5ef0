// Issue 26: a policy of evidence, EVIDENCE_POLICY=recommended, over HTTP against the emulated tenant and Azurite. An
// admin-role target with only the approver's word cannot be approved (the card says what is still needed, Approve is
// refused even when clicked, nothing is created); with the manager's Confirm and a directory call-back it is, and the
// approval, the audit and the CSV export record the evidence. Under the default the other flow specs run unchanged.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { actionsOf, cardOf, clickSigned, loginRequestOf, textOf } from '../../support/teams-client';
import { delegatedStackOptions, withTeamsSso } from '../../support/delegated';
import { exportAuditCsv } from '../../support/file-consent';
import { createStores } from '../../../src/store/create-stores';
import { approve, fileRequest, passIn, review, tapCreates } from './journey';

describe('the evidence policy (recommended)', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { EVIDENCE_POLICY: 'recommended' } });
    // Managers in the demo tenant: Megan manages Ben Walters (Helpdesk Administrator), Lee manages Miriam and Patti.
    await stack.client.say(stack.people.meganb!, 'hello');
    await stack.client.say(stack.people.leeg!, 'hello');
  });
  after(async () => {
    await stack?.close();
  });

  const factOf = (text: string, title: string) => new RegExp(`${title}\\n(.*)`).exec(text)?.[1] ?? '';
  const verbs = (card: Record<string, unknown>) => actionsOf(card).map((a) => a.verb);

  async function storedApproval(requestId: string) {
    const stores = await createStores({
      connectionString: stack.storageConnectionString,
      accountUrl: null,
      tablePrefix: stack.env.STORAGE_TABLE_PREFIX as string,
    });
    const stored = (await stores.requests.get(requestId))?.value;
    const audit = await stores.audit.listByRequest(requestId);
    return { approval: stored && 'approval' in stored ? stored.approval : null, audit };
  }

  it("an admin-role target with only the approver's word cannot be approved; with the manager's Confirm and a call-back it is", async () => {
    const { client, people, connector } = stack;
    const requestId = await fileRequest(client, people.benw!);
    await connector.waitFor((s) => textOf(s.activity).includes('Is this really Ben Walters asking for a pass?'));

    const first = cardOf(await review(client, people.adelev!, requestId));
    const text = textOf(first);
    assert.match(
      factOf(text, 'Evidence policy'),
      /people who hold an admin role: two kinds of evidence, at least one not resting on your word/,
    );
    assert.equal(factOf(text, 'Evidence so far'), 'none');
    const still = factOf(text, 'Still needed');
    assert.match(still, /two more \(one not resting on your word\): .*call them back.*manager's Confirm/);
    assert.doesNotMatch(still, /Face Check/, 'Face Check is not configured here, so it is not offered as a way');
    assert.ok(!verbs(first).includes('approval.approve'), 'no Approve while no method could meet the policy');
    assert.ok(verbs(first).includes('approval.deny'), 'Deny stays');
    assert.ok(verbs(first).includes('approval.refresh'), 'a way to check the evidence again');

    // Clicking Approve anyway (card data is never trusted): refused with the next step, nothing created.
    const before = tapCreates(stack);
    for (const method of ['call-back', 'in-person', 'manager-confirmed']) {
      const refused = textOf(cardOf(await approve(client, people.adelev!, requestId, method)));
      assert.match(refused, /The evidence policy wants, for people who hold an admin role: two kinds/);
      assert.match(refused, /Still needed: /);
    }
    assert.equal(tapCreates(stack), before);
    assert.equal((await storedApproval(requestId)).approval, null);

    // Megan, Ben's manager in the directory, confirms: a call-back on the directory's number now completes it.
    assert.match(textOf(cardOf(await client.click(people.meganb!, 'identity.confirm', { requestId }))), /you confirmed it is them/);
    const confirmed = cardOf(await review(client, people.adelev!, requestId));
    assert.match(factOf(textOf(confirmed), 'Evidence so far'), /their manager's Confirm in TAP Desk/);
    assert.match(factOf(textOf(confirmed), 'Still needed'), /calling them back on a number the directory holds .* completes it/);
    assert.ok(verbs(confirmed).includes('approval.approve'));

    const inPerson = textOf(cardOf(await approve(client, people.adelev!, requestId, 'in-person')));
    assert.match(inPerson, /Still needed: one more: call them back on a number the directory holds/);
    assert.equal(tapCreates(stack), before);

    assert.ok(passIn(cardOf(await approve(client, people.adelev!, requestId, 'call-back'))), 'the pass is shown');
    assert.equal(tapCreates(stack), before + 1);
    const { approval, audit } = await storedApproval(requestId);
    assert.deepEqual(approval?.evidence, ['call-back', 'manager']);
    const approved = audit.find((e) => e.action === 'request.approved');
    assert.equal(approved?.details.evidence, 'call-back manager');
    const csv = await exportAuditCsv(client, connector, people.meganb!);
    assert.match(csv, new RegExp(`request\\.approved,[^\\r\\n]*,${requestId},ok,call-back manager,`));
  });

  it("a member with their manager's Confirm is approved whatever the stated method; without it, only by a call-back", async () => {
    const { client, people, connector } = stack;
    const miriam = await fileRequest(client, people.meganb!, { target: 'miriamg@contoso.com' });
    await connector.waitFor((s) => textOf(s.activity).includes('Is this really Miriam Graham asking for a pass?'));
    const bare = textOf(cardOf(await review(client, people.adelev!, miriam)));
    assert.match(factOf(bare, 'Evidence policy'), /members: one kind of evidence/);
    assert.match(factOf(bare, 'Still needed'), /calling them back on a number the directory holds .* completes it/);
    const before = tapCreates(stack);
    assert.match(textOf(cardOf(await approve(client, people.adelev!, miriam, 'in-person'))), /Still needed: one more/);
    assert.equal(tapCreates(stack), before);

    await client.click(people.leeg!, 'identity.confirm', { requestId: miriam });
    assert.ok(passIn(cardOf(await approve(client, people.adelev!, miriam, 'in-person'))));
    assert.equal(tapCreates(stack), before + 1);
    assert.deepEqual((await storedApproval(miriam)).approval?.evidence, ['manager']);
  });
});

describe('the evidence policy with delegated issuance', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    const options = delegatedStackOptions();
    stack = await startStack({ ...options, env: { ...options.env, EVIDENCE_POLICY: 'recommended' } });
    withTeamsSso(stack);
  });
  after(async () => {
    await stack?.close();
  });

  it('an approval the policy refuses for the chosen method asks nobody to sign in; the one it allows does, and issues', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!);
    const exchanges = stack.emulator.stats().tokensIssued;
    const creates = tapCreates(stack);
    const data = (verification: string) => ({ requestId, verification });
    const refused = await client.click(people.meganb!, 'approval.approve', data('video-call'), { where: 'channel' });
    assert.equal(loginRequestOf(refused), null, 'no sign-in for an approval the evidence policy refuses');
    assert.match(textOf(cardOf(refused)), /Still needed: one more: call them back on a number the directory holds/);
    assert.equal(stack.emulator.stats().tokensIssued, exchanges);

    const signed = await clickSigned(client, people.meganb!, 'approval.approve', data('call-back'), { where: 'channel' });
    assert.ok(signed.signedIn, 'the approval the policy allows asks for the sign-in');
    assert.ok(passIn(cardOf(signed.final)), 'a call-back on the directory number meets the policy for a member');
    assert.equal(tapCreates(stack), creates + 1);
  });
});

describe('the evidence policy (recommended) with Face Check', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ faceCheck: true, env: { EVIDENCE_POLICY: 'recommended', RATE_LIMIT_PER_REQUESTER: '50' } });
    await stack.client.say(stack.people.benw!, 'hello');
  });
  after(async () => {
    await stack?.close();
  });

  const stillNeeded = (card: unknown) => /Still needed\n(.*)/.exec(textOf(card))?.[1] ?? '';

  /** Files for Ben (Helpdesk Administrator), asks for a Face Check as Adele; the emulator plays Ben in Authenticator. */
  async function faceChecked(presentation: Record<string, unknown>): Promise<string> {
    const { client, people, connector } = stack;
    const requestId = await fileRequest(client, people.meganb!, { target: 'benw@contoso.com' });
    assert.match(stillNeeded(cardOf(await review(client, people.adelev!, requestId))), /ask for a Face Check/);
    await client.click(people.adelev!, 'approval.face-check', { requestId }, { where: 'channel' });
    await connector.waitFor((s) => textOf(s.activity).includes(requestId) && textOf(s.activity).includes('Face Check'));
    const presented = await fetch(`${stack.emulator.baseUrl}/_emulator/verified-id/present`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: requestId, ...presentation }),
    });
    assert.equal(presented.status, 200);
    return requestId;
  }

  it('a passed Face Check is the evidence not resting on the approver’s word: with a call-back an admin-role target is approved', async () => {
    const { client, people } = stack;
    const requestId = await faceChecked({ matchConfidence: 93 });
    const card = cardOf(await review(client, people.adelev!, requestId));
    assert.match(textOf(card), /Evidence so far\na passed Face Check \(Verified ID\)/);
    assert.match(stillNeeded(card), /calling them back on a number the directory holds .* completes it/);
    const before = tapCreates(stack);
    assert.match(textOf(cardOf(await approve(client, people.adelev!, requestId, 'in-person'))), /Still needed: one more/);
    assert.equal(tapCreates(stack), before);
    assert.ok(passIn(cardOf(await approve(client, people.adelev!, requestId, 'call-back'))), 'the pass is shown');
    assert.equal(tapCreates(stack), before + 1);
  });

  it('a Face Check below the threshold adds nothing: a call-back alone is still refused', async () => {
    const { client, people } = stack;
    const requestId = await faceChecked({ matchConfidence: 55 });
    const card = cardOf(await review(client, people.adelev!, requestId));
    assert.match(textOf(card), /Evidence so far\nnone/);
    const before = tapCreates(stack);
    assert.match(textOf(cardOf(await approve(client, people.adelev!, requestId, 'call-back'))), /Still needed: one more \(one not resting/);
    assert.equal(tapCreates(stack), before);
  });
});

// Delegated issuance over /api/messages (PASS_ISSUANCE=delegated): the approver's click is answered
// with Teams' SSO loginRequest, the action comes back with their token, TAP Desk exchanges it
// on-behalf-of them and the pass is created with *their* delegated Graph token (the emulator's log
// says so). The app itself holds no TAP write permission in this tenant.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, clickSigned, clickWithSignInPage, loginRequestOf, preconditionFailedOf, textOf } from '../../support/teams-client';
import { fileRequest, passIn, tapCreates } from './journey';
import { delegatedRequests, delegatedStackOptions, signInPage, withTeamsSso } from '../../support/delegated';
import { assertNoPassLeaks } from '../../support/leaks';
import { TeamsClient } from '../../support/teams-client';
import { startSsoProxy } from '../../harness/demo/demo-sso';
import { HARNESS_READYZ_KEY } from '../../harness/bot-env';

const approveData = (requestId: string) => ({ requestId, verification: 'call-back' });
/** Lee Gu (Global Administrator): Entra demands MFA from him at the silent exchange. */
const LEE_GU = '61ee6498-7382-539d-bb56-ded6fb935ff4';

describe("delegated issuance: the approver's own Entra rights create the pass", function () {
  this.timeout(60_000);
  let stack: Stack;
  let tokens: string[];

  before(async () => {
    stack = await startStack(
      delegatedStackOptions({ interactionRequired: [LEE_GU], refusedTapWrites: ['e0129833-b550-59bd-a39c-be3043c847b2'] }),
    );
    tokens = withTeamsSso(stack);
  });
  after(async () => {
    await stack?.close();
  });

  it('/readyz says delegated, and is ready without any TAP write permission', async () => {
    const ready = await fetch(`${stack.bot.url}/readyz`, { headers: { 'x-readyz-key': HARNESS_READYZ_KEY } });
    const body = (await ready.json()) as { checks: Array<{ name: string; ok: boolean; detail?: string }> };
    assert.equal(ready.status, 200, JSON.stringify(body));
    const detail = body.checks.find((c) => c.name === 'issuance')?.detail ?? '';
    assert.match(detail, /^delegated/);
    // Every delegated scope the SSO app needs, the optional one named as such.
    assert.match(detail, /UserAuthMethod-TAP\.ReadWrite\.All \(required/);
    assert.match(detail, /User\.RevokeSessions\.All \(optional/);
  });

  it("first click → loginRequest → the action again with a token → the pass, created with Megan's delegated token", async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!);
    const creates = tapCreates(stack);
    const exchanges = stack.emulator.stats().tokensIssued;
    // A client without SSO sees the loginRequest only, and nothing is created.
    const unsigned = await client.click(people.meganb!, 'approval.approve', approveData(requestId), { where: 'channel' });
    const login = loginRequestOf(unsigned);
    assert.ok(login, `expected a loginRequest, got ${JSON.stringify(unsigned.body)}`);
    assert.equal(login.tokenExchangeResource.uri, stack.env.SSO_APP_ID_URI);
    assert.equal(login.connectionName, 'tapdesk-sso');
    assert.equal(login.buttons[0]?.type, 'signin');
    assert.equal(tapCreates(stack), creates, 'nothing is created before the approver signed in');
    // Teams: the same action again, with Megan's token.
    const click = await clickSigned(client, people.meganb!, 'approval.approve', approveData(requestId), { where: 'channel' });
    assert.ok(click.signedIn);
    const card = cardOf(click.final);
    assert.ok(passIn(card), textOf(card));
    assert.equal(tapCreates(stack), creates + 1);
    assert.equal(stack.emulator.stats().tokensIssued, exchanges + 1, 'one on-behalf-of exchange');
    const create = delegatedRequests(stack)
      .filter((e) => e.route.startsWith('POST') && e.route.includes('temporaryAccessPassMethods'))
      .pop();
    assert.deepEqual([create?.status, create?.userId], [201, people.meganb!.id]);
  });

  it('a second approval by Megan while her token is valid: no sign-in, no exchange, her token again', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.christiec!, { reason: 'new-device' });
    const exchanges = stack.emulator.stats().tokensIssued;
    const before = delegatedRequests(stack).length;
    const click = await clickSigned(client, people.meganb!, 'approval.approve', approveData(requestId), { where: 'channel' });
    assert.equal(click.signedIn, false, 'no loginRequest while the token is held');
    assert.ok(passIn(cardOf(click.final)));
    assert.equal(stack.emulator.stats().tokensIssued, exchanges, 'no second exchange');
    const created = delegatedRequests(stack)
      .slice(before)
      .filter((e) => e.status === 201);
    assert.deepEqual(
      created.map((e) => e.userId),
      [people.meganb!.id],
    );
  });

  it("another approver's first sign-in asks Entra for the token alone: the authority's metadata is read once per process", async () => {
    const { client, people } = stack;
    const metadataReads = () =>
      stack.emulator.stats().tokenCalls.filter((c) => /openid-configuration|discovery\/instance/.test(c.route)).length;
    // Megan's exchange (above) was this process's first: it read the metadata.
    const before = metadataReads();
    assert.ok(before >= 1, 'the first exchange read the metadata');
    const requestId = await fileRequest(client, people.gradya!, { reason: 'new-device' });
    const exchanges = stack.emulator.stats().tokensIssued;
    const click = await clickSigned(client, people.adelev!, 'approval.approve', approveData(requestId), { where: 'channel' });
    assert.ok(click.signedIn, 'Adele is asked to sign in');
    assert.ok(passIn(cardOf(click.final)));
    assert.equal(stack.emulator.stats().tokensIssued, exchanges + 1, 'one on-behalf-of exchange');
    assert.equal(metadataReads(), before, "Adele's exchange read no metadata: it waited on one Entra round trip, not two");
  });

  it('two bot processes on one storage, one of them restarted: each reads the metadata once itself, and every exchange works', async () => {
    const { client, people } = stack;
    const metadataReads = () =>
      stack.emulator.stats().tokenCalls.filter((c) => /openid-configuration|discovery\/instance/.test(c.route)).length;
    const firstSignIns = async (instance: TeamsClient, targets: string[]) => {
      // Megan and Adele hold tokens on the first process only: on this one each signs in.
      const reads: number[] = [];
      for (const [approver, target] of [
        [people.meganb!, targets[0]!],
        [people.adelev!, targets[1]!],
      ] as const) {
        const requestId = await fileRequest(client, people[target]!, { reason: 'new-device' });
        const before = metadataReads();
        const click = await clickSigned(instance, approver, 'approval.approve', approveData(requestId), { where: 'channel' });
        assert.ok(click.signedIn, `${approver.upn} signs in on this process`);
        assert.ok(passIn(cardOf(click.final)), textOf(cardOf(click.final)));
        reads.push(metadataReads() - before);
      }
      return reads;
    };
    const sso = (instance: TeamsClient) => {
      instance.ssoTokens = stack.client.ssoTokens;
      return instance;
    };
    const second = await stack.startChild();
    const [, adeleOnSecond] = await firstSignIns(sso(second.client), ['lidiah', 'debrab']);
    assert.equal(adeleOnSecond, 0, "the second process's own first exchange read it; the next one reads nothing");
    second.process.kill('SIGTERM');
    await new Promise((resolve) => second.process.once('exit', resolve));
    const restarted = await stack.startChild();
    const [, adeleAfterRestart] = await firstSignIns(sso(restarted.client), ['alexw', 'enricoc']);
    assert.equal(adeleAfterRestart, 0, 'after a restart, again one read and no more');
  });

  it('"This wasn\'t me": Christie signs in and deletes her own pass with her own token, and her sessions are ended', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.christiec!, { reason: 'onboarding' });
    assert.ok(
      passIn(cardOf((await clickSigned(client, people.meganb!, 'approval.approve', approveData(requestId), { where: 'channel' })).final)),
    );
    const deletes = stack.emulator.stats().tapDeletes;
    const click = await clickSigned(client, people.christiec!, 'pass.not-me', { requestId });
    assert.ok(click.signedIn, 'Christie is asked to sign in');
    const answer = cardOf(click.final);
    assert.match(textOf(answer), /has been deleted/);
    assert.match(textOf(answer), /sessions were ended/);
    assert.equal(stack.emulator.stats().tapDeletes, deletes + 1);
    const deleted = delegatedRequests(stack)
      .filter((e) => e.route.startsWith('DELETE'))
      .pop();
    assert.deepEqual([deleted?.status, deleted?.userId], [204, people.christiec!.id]);
  });

  it("Entra refuses Patti although TAP Desk allows her (a seeded drift): no pass, Entra's reason, still pending, drift logged", async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.lynner!);
    const creates = tapCreates(stack);
    const click = await clickSigned(client, people.pattif!, 'approval.approve', approveData(requestId), { where: 'channel' });
    const card = cardOf(click.final);
    assert.equal(passIn(card), null);
    assert.match(textOf(card), /Entra did not let you create this pass/);
    assert.match(textOf(card), /Insufficient privileges|Authorization_RequestDenied/);
    assert.equal(tapCreates(stack), creates);
    const drift = stack.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'rule drift: Entra refused a pass TAP Desk allowed' && l.requestId === requestId);
    assert.ok(drift, 'a rule drift line');
    assert.deepEqual([drift.approverId, drift.graphStatus, drift.level], [people.pattif!.id, 403, 'warn']);
    // Graph's 403 ended Patti's session on this instance: her next approve asks her to sign in again.
    assert.ok(
      loginRequestOf(await client.click(people.pattif!, 'approval.approve', approveData(requestId), { where: 'channel' })),
      'token dropped on 403',
    );
    // Still approvable: Adele (Privileged Authentication Administrator) approves it.
    const adele = await clickSigned(client, people.adelev!, 'approval.approve', approveData(requestId), { where: 'channel' });
    assert.ok(passIn(cardOf(adele.final)), textOf(cardOf(adele.final)));
  });

  it('a person the live check finds without an issuing role: refused without a sign-in prompt, and no token is exchanged for them', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.gradya!, { reason: 'new-device' });
    const exchanges = stack.emulator.stats().tokensIssued;
    const click = await client.click(people.alexw!, 'approval.approve', approveData(requestId), { where: 'channel' });
    assert.equal(
      loginRequestOf(click),
      null,
      `no sign-in for someone who may not approve, got ${JSON.stringify(click.body).slice(0, 200)}`,
    );
    assert.equal(passIn(cardOf(click)), null);
    assert.equal(stack.emulator.stats().tokensIssued, exchanges);
  });

  it("MFA demanded at the exchange: 412 with the MFA guidance, then the sign-in page (where MFA is done) → the pass, with Lee's token", async () => {
    const { client, people } = stack;
    const lee = people.leeg!;
    const requestId = await fileRequest(client, people.alexw!, { reason: 'new-device' });
    const creates = tapCreates(stack);
    const click = await clickWithSignInPage(
      client,
      lee,
      'approval.approve',
      approveData(requestId),
      async (url) => (await signInPage(stack, lee.id, url)).magicCode,
      {
        where: 'channel',
        trySilent: true,
      },
    );
    const failed = preconditionFailedOf(click.silent!);
    assert.ok(failed, `expected 412, got ${click.silent?.status} ${JSON.stringify(click.silent?.body).slice(0, 200)}`);
    assert.match(failed.message, /sign in again .*multifactor|MFA/i);
    assert.ok(click.magicCode, 'the sign-in page gave a code');
    assert.ok(passIn(cardOf(click.final)), textOf(cardOf(click.final)));
    assert.equal(tapCreates(stack), creates + 1);
    assert.equal(
      delegatedRequests(stack)
        .filter((e) => e.status === 201)
        .pop()?.userId,
      LEE_GU,
    );
  });

  it("the demo's SSO proxy plays Teams for a client without SSO (the Agents Playground): Joni signs in through it and sees the pass", async () => {
    const { people } = stack;
    const proxy = await startSsoProxy({
      botUrl: stack.bot.url,
      userTokenUrl: `${stack.emulator.baseUrl}/_emulator/user-token`,
      caCertPath: stack.emulator.caCertPath,
    });
    try {
      const playground = new TeamsClient(proxy.url, stack.connector.url, stack.emulator.tenantId);
      const requestId = await fileRequest(playground, people.gradya!, { reason: 'locked-out' });
      const exchanges = stack.emulator.stats().tokensIssued;
      const answer = await playground.click(people.jonis!, 'approval.approve', approveData(requestId), { where: 'channel' });
      assert.equal(loginRequestOf(answer), null, 'the Playground never sees the loginRequest');
      assert.ok(passIn(cardOf(answer)), JSON.stringify(answer.body).slice(0, 300));
      assert.equal(stack.emulator.stats().tokensIssued, exchanges + 1, 'Joni was signed in on the way (one exchange)');
      const created = delegatedRequests(stack)
        .filter((e) => e.status === 201)
        .pop();
      assert.equal(created?.userId, people.jonis!.id);
    } finally {
      await proxy.close();
    }
  });

  it('no pass value and no token in any log line, stored entity or sent activity', async () => {
    assert.ok(tokens.length >= 3);
    await assertNoPassLeaks(stack, tokens);
  });
});

describe('delegated issuance without admin consent', function () {
  this.timeout(60_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack(delegatedStackOptions({ consented: false }));
    withTeamsSso(stack);
  });
  after(async () => {
    await stack?.close();
  });

  it('AADSTS65001: 412 with the consent guidance; the sign-in page refuses too (admin consent needed); nothing issued, still pending', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!);
    const pages: Array<{ status: number; body: unknown }> = [];
    const click = await clickWithSignInPage(
      client,
      people.meganb!,
      'approval.approve',
      approveData(requestId),
      async (url) => {
        const page = await signInPage(stack, people.meganb!.id, url);
        pages.push(page);
        return page.magicCode;
      },
      { where: 'channel', trySilent: true },
    );
    const failed = preconditionFailedOf(click.silent!);
    assert.ok(failed, JSON.stringify(click.silent?.body));
    assert.match(failed.message, /administrator has not granted consent/);
    assert.match(failed.message, /Enterprise applications/);
    assert.deepEqual([pages[0]?.status, (pages[0]?.body as { error?: { code?: string } }).error?.code], [403, 'AADSTS90094']);
    assert.equal(stack.emulator.stats().tapCreates, 0);
    assert.match(
      textOf(cardOf(await client.click(people.meganb!, 'approval.refresh', { requestId }, { where: 'channel' }))),
      /Waiting for approval/,
    );
  });
});

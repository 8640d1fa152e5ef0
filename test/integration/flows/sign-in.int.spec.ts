// Issue 22's acceptance over /api/messages: the Universal Actions sign-in as Microsoft documents it, with the
// emulator as the Bot Framework token service. The fallback (sign-in page → magic code → value.state) creates the
// pass with the approver's delegated token; a token that cannot be used answers 412; nobody the live review
// refuses is asked to sign in, and nothing is stored for them; a malformed invoke is answered 400, not 501.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, clickSigned, clickWithSignInPage, loginRequestOf, preconditionFailedOf, textOf } from '../../support/teams-client';
import { fileRequest, passIn, tapCreates } from './journey';
import { delegatedRequests, delegatedStackOptions, signInPage, userToken, withTeamsSso } from '../../support/delegated';
import { storedText } from '../../support/leaks';

const approveData = (requestId: string) => ({ requestId, verification: 'call-back' });

describe('sign in as Teams does it (Universal Actions, token service fallback)', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack(delegatedStackOptions());
    withTeamsSso(stack);
  });
  after(async () => {
    await stack?.close();
  });

  it("the fallback: loginRequest → the token service's sign-in page → magic code → value.state → the pass, with Megan's delegated token", async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!);
    const creates = tapCreates(stack);
    const exchanges = stack.emulator.stats().tokensIssued;
    const service = stack.emulator.tokenService.stats();
    const click = await clickWithSignInPage(
      client,
      people.meganb!,
      'approval.approve',
      approveData(requestId),
      async (url) => {
        assert.ok(
          url.startsWith(`${stack.emulator.baseUrl}/_emulator/sign-in-page?link=`),
          `the sign-in link is the token service's: ${url}`,
        );
        return (await signInPage(stack, people.meganb!.id, url)).magicCode;
      },
      { where: 'channel' },
    );
    assert.ok(click.magicCode);
    const card = cardOf(click.final);
    assert.ok(passIn(card), textOf(card));
    assert.equal(tapCreates(stack), creates + 1);
    assert.equal(stack.emulator.stats().tokensIssued, exchanges, 'no on-behalf-of exchange: the token service gave the token');
    const after = stack.emulator.tokenService.stats();
    assert.deepEqual([after.signInResources - service.signInResources, after.tokensByCode - service.tokensByCode], [1, 1]);
    const create = delegatedRequests(stack)
      .filter((e) => e.route.startsWith('POST') && e.route.includes('temporaryAccessPassMethods'))
      .pop();
    assert.deepEqual([create?.status, create?.userId], [201, people.meganb!.id]);
  });

  it("a magic code gives only the clicker's token: a sign-in page finished by someone else is refused", async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.christiec!, { reason: 'new-device' });
    let code: string | null = null;
    const click = await clickWithSignInPage(
      client,
      people.pattif!,
      'approval.approve',
      approveData(requestId),
      async (url) => {
        code = (await signInPage(stack, people.adelev!.id, url)).magicCode;
        return code;
      },
      { where: 'channel' },
    );
    assert.ok(code);
    // The token service gives Adele's token to Patti's turn; the bot refuses it (not the clicker) and nothing is created.
    const text = textOf(cardOf(click.final));
    assert.match(text, /sign-in did not complete \(another user than the clicker\)/);
    assert.equal(passIn(cardOf(click.final)), null);
  });

  for (const [name, extra] of [
    ['expired', { expiresInSeconds: -600 }],
    ['for another audience', { audience: 'api://someone-else' }],
  ] as const) {
    it(`a silent-SSO token ${name} is answered 412 preconditionFailed; nothing is created`, async () => {
      const { client, people } = stack;
      const requestId = await fileRequest(client, people.gradya!, { reason: 'locked-out' });
      const creates = tapCreates(stack);
      const token = await userToken(stack, people.adelev!.id, extra);
      const click = await clickSigned(client, people.adelev!, 'approval.approve', approveData(requestId), { where: 'channel', token });
      const failed = preconditionFailedOf(click.final);
      assert.ok(failed, `${click.final.status} ${JSON.stringify(click.final.body).slice(0, 300)}`);
      assert.equal(failed.code, 'PreconditionFailed');
      assert.equal(tapCreates(stack), creates);
    });
  }

  it('40 Approve clicks by a tenant member with no issuing role on made-up ids, and on a real request: no sign-in prompt, no stored row', async () => {
    // Made-up ids ask the token service for nothing; the real request asks it for one link that is never shown.
    const { client, people } = stack;
    const real = await fileRequest(client, people.lynner!, { reason: 'locked-out' });
    const rowsBefore = (await storedText(stack.storageConnectionString, stack.env.STORAGE_TABLE_PREFIX!)).length;
    const service = stack.emulator.tokenService.stats();
    const answers = [];
    for (let i = 0; i < 39; i++)
      answers.push(await client.click(people.christiec!, 'approval.approve', approveData(`TAP-${9000 + i}`), { where: 'channel' }));
    assert.equal(stack.emulator.tokenService.stats().signInResources, service.signInResources, 'no sign-in link asked for');
    // On a real pending request the sign-in link is asked for beside the live review (one call, a link, not a
    // token); the review refuses, so the link is dropped: no prompt, no row, and the link is in no answer.
    answers.push(await client.click(people.christiec!, 'approval.approve', approveData(real), { where: 'channel' }));
    assert.equal(
      stack.emulator.tokenService.stats().signInResources,
      service.signInResources + 1,
      'one sign-in link, for the real request',
    );
    assert.equal(answers.filter((a) => loginRequestOf(a)).length, 0, 'nobody refused is asked to sign in');
    assert.ok(answers.every((a) => a.status === 200));
    assert.ok(
      answers.every((a) => !JSON.stringify(a.body).includes('/_emulator/sign-in-page')),
      'the sign-in link is in no answer',
    );
    assert.match(textOf(cardOf(answers[0]!)), /TAP-9000/);
    assert.match(textOf(cardOf(answers[39]!)), /you have none/);
    const rowsAfter = (await storedText(stack.storageConnectionString, stack.env.STORAGE_TABLE_PREFIX!)).length;
    assert.equal(rowsAfter, rowsBefore, 'no stored row');
  });

  it('sign-in prompts are limited per person: the 11th in ten minutes is a refusal with the reason, not a prompt', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.gradya!, { reason: 'new-device' });
    const answers = [];
    // Lee has not signed in: every click is a prompt until the limit.
    for (let i = 0; i < 11; i++)
      answers.push(await client.click(people.leeg!, 'approval.approve', approveData(requestId), { where: 'channel' }));
    assert.equal(answers.slice(0, 10).filter((a) => loginRequestOf(a)).length, 10);
    assert.equal(loginRequestOf(answers[10]!), null);
    assert.match(textOf(cardOf(answers[10]!)), /asked to sign in many times/);
  });

  const malformed: Array<[string, unknown]> = [
    ['value is a string', 'approve'],
    ['value is an array', [1, 2]],
    ['value is null', null],
    ['value has no action', { trigger: 'manual' }],
    ['action is a string', { action: 'Action.Execute' }],
    ['action is not Action.Execute', { action: { type: 'Action.Submit', verb: 'approval.approve' } }],
    ['verb is a number', { action: { type: 'Action.Execute', verb: 7 } }],
  ];
  for (const [name, value] of malformed) {
    it(`a malformed adaptiveCard/action (${name}) is answered 400 with the documented error shape`, async () => {
      const { client, people } = stack;
      const answer = await client.post(client.activity(people.meganb!, 'channel', { type: 'invoke', name: 'adaptiveCard/action', value }));
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      const body = answer.body as { statusCode?: number; type?: string; value?: { code?: string; message?: string } };
      assert.deepEqual([body.statusCode, body.type, body.value?.code], [400, 'application/vnd.microsoft.error', 'BadRequest']);
      assert.ok(body.value?.message);
    });
  }
});

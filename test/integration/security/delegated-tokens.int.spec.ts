// SECURITY.md case 22, the tokens delegated issuance brings: a token for another user than the clicker,
// an expired or foreign-tenant token, one replayed from another conversation — each refused, nothing
// issued, the request still pending, and the answer 412 preconditionFailed (Teams then offers the sign-in
// page). What binds a token to a click: the loginRequest's tokenExchangeResource.id, an HMAC-signed challenge
// naming the conversation, the clicker and the action on the request (src/teams/sign-in-challenges.ts).
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, clickSigned, preconditionFailedOf, textOf } from '../../support/teams-client';
import { fileRequest, passIn, tapCreates } from '../flows/journey';
import { delegatedRequests, delegatedStackOptions, userToken, withTeamsSso } from '../../support/delegated';
import { assertNoPassLeaks } from '../../support/leaks';

describe('SECURITY.md case 22: delegated issuance, tokens that must not work', function () {
  this.timeout(60_000);
  let stack: Stack;
  let tokens: string[] = [];

  before(async () => {
    const options = delegatedStackOptions();
    // Several requests for Alex in a row: the per-target limit is not under test here.
    stack = await startStack({ ...options, env: { ...options.env, RATE_LIMIT_PER_TARGET: '50', RATE_LIMIT_PER_REQUESTER: '50' } });
    tokens = withTeamsSso(stack);
  });
  after(async () => {
    await stack?.close();
  });

  /** Megan approves Alex's request with whatever token `token` gives; asserts nothing was issued. */
  async function refusedWith(
    token: (stack: Stack) => Promise<string>,
    extra: { resendWhere?: 'personal' | 'channel'; challengeId?: string } = {},
  ): Promise<string> {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!, { reason: 'new-device' });
    const creates = tapCreates(stack);
    const delegated = delegatedRequests(stack).length;
    const exchanges = stack.emulator.stats().tokensIssued;
    const bad = await token(stack);
    tokens.push(bad);
    const click = await clickSigned(
      client,
      people.meganb!,
      'approval.approve',
      { requestId, verification: 'call-back' },
      { where: 'channel', token: bad, ...extra },
    );
    assert.ok(click.signedIn, 'Megan holds no token yet, so the bot asked for one');
    const failed = preconditionFailedOf(click.final);
    assert.ok(failed, `expected 412, got ${click.final.status} ${JSON.stringify(click.final.body).slice(0, 300)}`);
    assert.equal(tapCreates(stack), creates, 'no pass created');
    assert.equal(delegatedRequests(stack).length, delegated, "no Graph call on anyone's behalf");
    assert.equal(stack.emulator.stats().tokensIssued, exchanges, 'not even exchanged');
    const status = cardOf(await client.click(people.adelev!, 'approval.refresh', { requestId }, { where: 'channel' }));
    assert.match(textOf(status), /Waiting for approval/);
    return failed.message;
  }

  it("a token for another user than the clicker (Adele's token on Megan's click) is refused", async () => {
    const text = await refusedWith((s) => userToken(s, s.people.adelev!.id));
    assert.match(text, /could not be used \(another user than the clicker\)/);
  });

  it('a token another client than Teams asked for (azp) is refused', async () => {
    const text = await refusedWith((s) => userToken(s, s.people.meganb!.id, { clientAppId: 'd3590ed6-52b3-4102-aeff-aad2292ab01c' }));
    assert.match(text, /not Teams/);
  });

  it('an expired token is refused', async () => {
    await refusedWith((s) => userToken(s, s.people.meganb!.id, { expiresInSeconds: -300 }));
  });

  it('a token of another tenant is refused', async () => {
    await refusedWith((s) => userToken(s, s.people.meganb!.id, { tenantId: '0f0e0d0c-0b0a-4909-8807-060504030201' }));
  });

  it('a token for another API than ours (Graph) is refused', async () => {
    await refusedWith((s) => userToken(s, s.people.meganb!.id, { audience: 'https://graph.microsoft.com' }));
  });

  it('a re-sent action replayed into another conversation than the one asked to sign in is refused', async () => {
    await refusedWith((s) => userToken(s, s.people.meganb!.id), { resendWhere: 'personal' });
  });

  it('a token with a challenge the bot never issued is refused', async () => {
    await refusedWith((s) => userToken(s, s.people.meganb!.id), { challengeId: '5a5a5a5a-5a5a-4a5a-8a5a-5a5a5a5a5a5a' });
  });

  it('with her own token in the right conversation, the same approval goes through (the cases above were not vacuous)', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!, { reason: 'new-device' });
    const click = await clickSigned(
      client,
      people.meganb!,
      'approval.approve',
      { requestId, verification: 'call-back' },
      { where: 'channel' },
    );
    assert.ok(passIn(cardOf(click.final)));
  });

  it('no token in any log line, stored entity or sent activity', async () => {
    await assertNoPassLeaks(stack, tokens);
  });
});

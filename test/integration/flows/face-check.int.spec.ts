// Verified ID Face Check, end to end over HTTP: an approver asks on the approval card, the emulated Request Service
// creates the presentation request (token for its audience, the app's permission), the link reaches the target's 1:1
// chat, the emulator plays the person in Authenticator and calls the bot back with the stored api-key. Only a score at
// or above the threshold on the target's own credential counts; a wrong key changes nothing; the callback may land on
// another instance (everything is on the request row); without configuration there is no button and health says so.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HARNESS_READYZ_KEY } from '../../harness/bot-env';
import { CONTOSO_SEED, startStack, type Stack } from '../../support/stack';
import { actionsOf, cardOf, type Persona, textOf } from '../../support/teams-client';
import { readQrCode } from '../../support/qr-reader';
import { approve, fileRequest, passIn, review, tapCreates } from './journey';

const NOTICE = 'Prove it is you with a Face Check';

function faceCheckLine(card: unknown): string {
  return /Face Check\n(.*)/.exec(textOf(card))?.[1] ?? '';
}

/** The url of the card's element of this type: the Action.OpenUrl, or the Image (the QR code). */
function urlOf(activity: unknown, type: 'Action.OpenUrl' | 'Image'): string {
  let url = '';
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === type && typeof o.url === 'string') url = o.url;
      Object.values(o).forEach(walk);
    }
  };
  walk(activity);
  return url;
}

describe('Verified ID Face Check', function () {
  this.timeout(120_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ faceCheck: true, childBots: 1, env: { RATE_LIMIT_PER_REQUESTER: '50' } });
    for (const who of ['christiec', 'miriamg', 'pattif', 'gradya']) await stack.client.say(stack.people[who]!, 'hello');
  });
  after(async () => {
    await stack?.close();
  });

  /** Files for the target, asks for a Face Check as Adele, and answers the service's request id and the link's card. */
  async function ask(target: Persona, via = stack.client): Promise<{ requestId: string; serviceRequestId: string; card: unknown }> {
    const { people, connector } = stack;
    const requestId = await fileRequest(stack.client, people.meganb!, { target: target.upn });
    const offered = cardOf(await review(stack.client, people.adelev!, requestId));
    assert.ok(
      actionsOf(offered).some((a) => a.verb === 'approval.face-check'),
      'the approver is offered "Ask for a Face Check"',
    );
    const card = cardOf(await via.click(people.adelev!, 'approval.face-check', { requestId }, { where: 'channel' }));
    const sent = await connector.waitFor((s) => textOf(s.activity).includes(NOTICE) && textOf(s.activity).includes(requestId));
    const link = urlOf(sent.activity, 'Action.OpenUrl');
    const serviceRequestId = /presentationRequests\/([0-9a-f-]+)$/.exec(link)?.[1] ?? '';
    assert.match(link, /^openid-vc:\/\/\?request_uri=https:\/\//);
    assert.ok(serviceRequestId, link);
    // Read on a computer, the card's QR code is the way to the phone: scanned, it is the very link the button opens.
    assert.equal(readQrCode(urlOf(sent.activity, 'Image')), link);
    return { requestId, serviceRequestId, card };
  }

  async function present(
    body: Record<string, unknown>,
  ): Promise<{ status: number; body: { callbacks?: Array<{ requestStatus: string; status: number }> } }> {
    const response = await fetch(`${stack.emulator.baseUrl}/_emulator/verified-id/present`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { callbacks?: Array<{ requestStatus: string; status: number }> } };
  }

  it('asked by an approver → link in the target’s chat → a score at the threshold or above passes, shown on the card', async () => {
    const { people, connector } = stack;
    const { requestId, serviceRequestId, card } = await ask(people.christiec!);
    assert.match(faceCheckLine(card), /^asked by Adele Vance at .*; the link is in Christie Cline's chat, no result yet$/);
    const notice = await connector.waitFor((s) => textOf(s.activity).includes(NOTICE) && textOf(s.activity).includes(requestId));
    assert.doesNotMatch(notice.conversationId, /^19:approvals/, 'the link goes to the 1:1 chat only');

    const presented = await present({ requestId: serviceRequestId, matchConfidence: 91.7 });
    assert.equal(presented.status, 200);
    assert.deepEqual(presented.body.callbacks, [
      { requestStatus: 'request_retrieved', status: 200 },
      { requestStatus: 'presentation_verified', status: 200 },
    ]);
    assert.match(
      faceCheckLine(cardOf(await review(stack.client, people.adelev!, requestId))),
      /^Passed with confidence 91% \(threshold 80%\)/,
    );
    // Every copy of the approval card is updated through the outbox.
    await connector.waitFor((s) => s.method === 'PUT' && /Passed with confidence 91%/.test(textOf(s.activity)), 10_000);
    // Every step is in the audit trail (the help desk's `audit <request>`).
    const count = connector.sent.length;
    await stack.client.say(people.meganb!, `audit ${requestId}`);
    const chat = stack.client.conversation(people.meganb!, 'personal').id;
    const trail = await connector.waitFor(
      (s) => connector.sent.indexOf(s) >= count && s.conversationId === chat && Array.isArray(s.activity.attachments),
    );
    for (const action of ['identity.face-check-asked', 'identity.face-check-opened', 'identity.face-check-passed'])
      assert.match(textOf(trail.activity), new RegExp(action.replace(/\./g, '\\.')), action);
    // A passed check is not replaced.
    const again = textOf(cardOf(await stack.client.click(people.adelev!, 'approval.face-check', { requestId }, { where: 'channel' })));
    assert.match(again, /The Face Check already passed/);
  });

  it('below the threshold does not count: Verified ID fails it without the score, and the card says so', async () => {
    const { people } = stack;
    const { requestId, serviceRequestId } = await ask(people.miriamg!);
    const presented = await present({ requestId: serviceRequestId, matchConfidence: 62 });
    assert.deepEqual(
      presented.body.callbacks?.map((c) => [c.requestStatus, c.status]),
      [
        ['request_retrieved', 200],
        ['presentation_error', 200],
      ],
    );
    const line = faceCheckLine(cardOf(await review(stack.client, people.adelev!, requestId)));
    assert.match(line, /^Below the threshold \(80%; Verified ID does not report the score\) — does not count/);
  });

  it('a wrong or missing api-key is 401 and changes nothing; with the right key a bad body is 400, another request’s ids 401', async () => {
    const { people } = stack;
    const { requestId, serviceRequestId } = await ask(people.pattif!);
    const callbackUrl = `${stack.bot.url}/api/verifiedid/callback?request=${requestId}`;
    const forged = {
      requestId: serviceRequestId,
      requestStatus: 'presentation_verified',
      state: requestId,
      verifiedCredentialsData: [
        {
          type: ['VerifiableCredential', 'VerifiedEmployee'],
          claims: { revocationId: 'pattif@contoso.com' },
          faceCheck: { matchConfidenceScore: 99 },
        },
      ],
    };
    for (const headers of [{}, { 'api-key': 'guessed' }, { 'api-key': '' }] as Array<Record<string, string>>) {
      const answer = await fetch(callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(forged),
      });
      assert.equal(answer.status, 401);
      assert.deepEqual(await answer.json(), { error: 'Unauthorized' });
    }
    const unknown = await fetch(`${stack.bot.url}/api/verifiedid/callback?request=TAP-99999`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-key': 'x' },
      body: '{',
    });
    assert.equal(unknown.status, 401, 'an unknown request answers as a wrong key does');
    assert.match(faceCheckLine(cardOf(await review(stack.client, people.adelev!, requestId))), /no result yet$/);
    // With the right key (as the service holds it): a body that is not JSON or not the service's is 400, another
    // request's state is 401, a status TAP Desk does not act on is 200; none of them changes anything.
    const held = stack.emulator.verifiedIdPresentations().find((p) => p.requestId === serviceRequestId);
    assert.ok(held?.headers['api-key'] && held.callbackUrl.endsWith(`?request=${requestId}`));
    const post = (body: string) =>
      fetch(held.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': held.headers['api-key']! },
        body,
      });
    assert.equal((await post('{not json')).status, 400);
    assert.equal((await post(JSON.stringify({ hello: 'world' }))).status, 400);
    assert.equal((await post(JSON.stringify({ ...forged, state: 'TAP-99999' }))).status, 401);
    assert.equal((await post(JSON.stringify({ ...forged, requestId: 'another-service-request' }))).status, 401);
    assert.equal(
      (await post(JSON.stringify({ requestId: serviceRequestId, state: requestId, requestStatus: 'issuance_successful' }))).status,
      200,
    );
    assert.match(faceCheckLine(cardOf(await review(stack.client, people.adelev!, requestId))), /no result yet$/);
    // The service's own callback still works afterwards.
    await present({ requestId: serviceRequestId, decline: true });
    assert.match(faceCheckLine(cardOf(await review(stack.client, people.adelev!, requestId))), /^Declined by the person in Authenticator/);
  });

  it("someone else's credential never counts, even if the service let it through", async () => {
    const { people } = stack;
    const { requestId, serviceRequestId } = await ask(people.gradya!);
    // Authenticator offers only the target's credential (the request's revocationId constraint)...
    assert.equal((await present({ requestId: serviceRequestId, as: people.alexw!.id, matchConfidence: 99 })).status, 409);
    // ...and if the service failed to apply it, TAP Desk's own check refuses the presentation.
    const forced = await present({ requestId: serviceRequestId, as: people.alexw!.id, matchConfidence: 99, skipConstraints: true });
    assert.equal(forced.status, 200);
    const line = faceCheckLine(cardOf(await review(stack.client, people.adelev!, requestId)));
    assert.match(line, /^Failed: the credential presented is not gradya@contoso\.com's — does not count/);
  });

  it('asked on one instance, called back on the other: the result is on the row for both', async () => {
    const { people } = stack;
    const child = stack.children[0]!;
    // The child instance asks; the service calls back the main instance (any instance behind the load balancer).
    const { requestId, serviceRequestId } = await ask(people.christiec!, child.client);
    const presented = await present({ requestId: serviceRequestId, matchConfidence: 80 });
    assert.deepEqual(
      presented.body.callbacks?.map((c) => c.status),
      [200, 200],
    );
    for (const client of [child.client, stack.client])
      assert.match(faceCheckLine(cardOf(await review(client, people.adelev!, requestId))), /^Passed with confidence 80% \(threshold 80%\)/);
  });

  it('callbacks racing on two instances: each is decided again on what is stored (CAS), and the result stands', async () => {
    const { people } = stack;
    const child = stack.children[0]!;
    const { requestId, serviceRequestId } = await ask(people.miriamg!);
    const held = stack.emulator.verifiedIdPresentations().find((p) => p.requestId === serviceRequestId)!;
    const send = (base: string, body: object) =>
      fetch(`${base}/api/verifiedid/callback?request=${requestId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': held.headers['api-key']! },
        body: JSON.stringify({ requestId: serviceRequestId, state: requestId, ...body }),
      });
    const verified = {
      requestStatus: 'presentation_verified',
      verifiedCredentialsData: [
        {
          type: ['VerifiableCredential', 'VerifiedEmployee'],
          claims: { revocationId: people.miriamg!.upn },
          faceCheck: { matchConfidenceScore: 88.2 },
        },
      ],
    };
    const answers = await Promise.all([
      send(child.url, { requestStatus: 'request_retrieved' }),
      send(stack.bot.url, verified),
      send(child.url, verified),
    ]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200],
    );
    for (const client of [stack.client, child.client])
      assert.match(faceCheckLine(cardOf(await review(client, people.adelev!, requestId))), /^Passed with confidence 88% \(threshold 80%\)/);
  });

  it('a target without a chat with TAP Desk: the card says so, and the link is sent nowhere else', async () => {
    const { people, connector } = stack;
    const requestId = await fileRequest(stack.client, people.meganb!, { target: 'lidiah@contoso.com' });
    const card = cardOf(await stack.client.click(people.adelev!, 'approval.face-check', { requestId }, { where: 'channel' }));
    assert.match(faceCheckLine(card), /^asked by Adele Vance at .*, but Lidia Holloway has no chat with TAP Desk yet/);
    assert.equal(connector.sent.filter((s) => textOf(s.activity).includes(NOTICE) && textOf(s.activity).includes(requestId)).length, 0);
  });

  it('only someone who could approve it may ask: the requester and the target are refused, nothing is created', async () => {
    const { people } = stack;
    const requestId = await fileRequest(stack.client, people.meganb!, { target: 'debrab@contoso.com' });
    for (const who of [people.meganb!, people.debrab!]) {
      const answer = textOf(cardOf(await stack.client.click(who, 'approval.face-check', { requestId }, { where: 'channel' })));
      assert.doesNotMatch(answer, /asked by/);
    }
    assert.equal(faceCheckLine(cardOf(await review(stack.client, people.adelev!, requestId))), '');
  });

  it('not configured: no button, health says "not configured", approvals work as before', async () => {
    const { people, connector } = stack;
    const plain = await stack.startChild({ VERIFIED_ID_AUTHORITY: '' });
    const requestId = await fileRequest(plain.client, people.meganb!, { target: 'enricoc@contoso.com' });
    const card = cardOf(await review(plain.client, people.adelev!, requestId));
    assert.ok(actionsOf(card).some((a) => a.verb === 'approval.approve'));
    assert.ok(!actionsOf(card).some((a) => a.verb === 'approval.face-check'));
    const refused = textOf(cardOf(await plain.client.click(people.adelev!, 'approval.face-check', { requestId }, { where: 'channel' })));
    assert.match(refused, /Verified ID Face Check is not set up/);
    const count = connector.sent.length;
    await plain.client.say(people.meganb!, 'health');
    const reply = await connector.waitFor((s) => connector.sent.indexOf(s) >= count && textOf(s.activity).includes('TAP Desk health'));
    const text = textOf(reply.activity);
    assert.match(text, /Face Check \(Verified ID\): not configured/);
    assert.match(text, /Manager's confirmation \(manager read from the directory\): ok/);
    assert.doesNotMatch(text, /cannot work/);
  });
});

describe('Face Check set up, but the app lacks the Request Service permission: only Face Check is off', function () {
  this.timeout(120_000);
  let stack: Stack;
  let dir: string;

  before(async () => {
    // The demo tenant without grantedVerifiedIdPermissions: Entra still issues the token (no roles), the service says 403.
    const seed = JSON.parse(readFileSync(CONTOSO_SEED, 'utf8')) as { applications: Array<Record<string, unknown>> };
    delete seed.applications[0]?.grantedVerifiedIdPermissions;
    dir = mkdtempSync(path.join(tmpdir(), 'tapdesk-facecheck-'));
    writeFileSync(path.join(dir, 'tenant.json'), JSON.stringify(seed));
    stack = await startStack({ seed: path.join(dir, 'tenant.json'), faceCheck: true });
    await stack.client.say(stack.people.christiec!, 'hello');
  });
  after(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('/readyz stays ready and says why; health lists Face Check off and the manager read ok; approvals work', async () => {
    const { client, people, connector } = stack;
    const ready = await fetch(`${stack.bot.url}/readyz`, { headers: { 'X-Readyz-Key': HARNESS_READYZ_KEY } });
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as { status: string; checks: Array<Record<string, unknown>> };
    assert.equal(body.status, 'ready');
    const check = body.checks.find((c) => c.name === 'face-check');
    assert.equal(check?.ok, true);
    assert.equal(check?.degradesAlone, true);
    assert.match(String(check?.detail), /VerifiableCredential\.Create\.PresentRequest application permission is not granted/);
    const capabilities = body.checks.find((c) => c.name === 'graph-token')?.capabilities as Array<{ id: string; status: string }>;
    assert.deepEqual(
      capabilities.filter((c) => ['manager-check', 'face-check'].includes(c.id)).map((c) => [c.id, c.status]),
      [
        ['manager-check', 'ok'],
        ['face-check', 'off'],
      ],
    );

    const count = connector.sent.length;
    await client.say(people.meganb!, 'health');
    const reply = await connector.waitFor((s) => connector.sent.indexOf(s) >= count && textOf(s.activity).includes('TAP Desk health'));
    const text = textOf(reply.activity);
    assert.match(
      text,
      /Face Check \(Verified ID\): off \(the VerifiableCredential\.Create\.PresentRequest application permission is not granted/,
    );
    assert.match(text, /Request and approve: ok/);
    assert.match(text, /Issue passes: ok/);

    const requestId = await fileRequest(client, people.meganb!, { target: 'christiec@contoso.com' });
    const refused = textOf(cardOf(await client.click(people.adelev!, 'approval.face-check', { requestId }, { where: 'channel' })));
    assert.match(refused, /TAP Desk may not ask Verified ID for a Face Check/);
    assert.equal(faceCheckLine(cardOf(await review(client, people.adelev!, requestId))), '');
    const before = tapCreates(stack);
    assert.ok(passIn(cardOf(await approve(client, people.adelev!, requestId))));
    assert.equal(tapCreates(stack), before + 1);
  });
});

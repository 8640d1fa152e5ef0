// Journey 4 over HTTP: "why can't I sign in?" for oneself and by the help desk, from live
// (emulated) Graph facts gathered in one round trip; ordinary users can't check others.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { actionsOf, cardOf, textOf } from '../../support/teams-client';

describe("why can't I sign in?", function () {
  this.timeout(60_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.close();
  });

  async function ask(alias: string, text: string): Promise<Record<string, unknown>> {
    const count = stack.connector.sent.length;
    assert.equal((await stack.client.say(stack.people[alias]!, text)).status, 200);
    const chat = stack.client.conversation(stack.people[alias]!, 'personal').id;
    return (
      await stack.connector.waitFor(
        (s) => stack.connector.sent.indexOf(s) >= count && s.conversationId === chat && Array.isArray(s.activity.attachments),
      )
    ).activity;
  }

  it('Diego asks for himself and is told his account is disabled', async () => {
    const start = await ask('diegos', "why can't I sign in");
    assert.match(textOf(start), /What happens\?/);
    assert.ok(actionsOf(start).some((a) => a.verb === 'diagnose.run'));
    const logStart = stack.emulator.stats().log.length;
    const result = cardOf(
      await stack.client.click(stack.people.diegos!, 'diagnose.run', {
        subjectId: stack.people.diegos!.id,
        symptom: 'other',
        reaching: 'Outlook',
        message: 'AADSTS50057',
      }),
    );
    assert.match(textOf(result), /Most likely: .*disabled/i);
    assert.ok(!actionsOf(result).some((a) => a.verb === 'request.open'), 'a pass would not help a disabled account');
    const graphCalls = stack.emulator.stats().log.slice(logStart);
    assert.equal(new Set(graphCalls.map((l) => l.batchId)).size, 1, 'all facts in one $batch');
    assert.ok(
      graphCalls.every((l) => l.batchId),
      'no Graph call outside the batch',
    );
    assert.ok(
      graphCalls.some((l) => l.path === '/auditLogs/signIns') && graphCalls.some((l) => l.path === '/identity/conditionalAccess/policies'),
    );
  });

  it('Christie (no methods yet) is offered a pass', async () => {
    const result = cardOf(
      await stack.client.click(stack.people.christiec!, 'diagnose.run', {
        subjectId: stack.people.christiec!.id,
        symptom: 'no-tap-prompt',
      }),
    );
    assert.match(textOf(result), /Most likely/);
    assert.ok(
      actionsOf(result).some((a) => a.verb === 'request.open'),
      textOf(result),
    );
  });

  it('the help desk diagnoses Miriam: compliant device required by "Finance requires compliant device"', async () => {
    const start = await ask('meganb', 'diagnose miriamg@contoso.com');
    assert.match(textOf(start), /Why can't Miriam Graham sign in\?/);
    const result = cardOf(
      await stack.client.click(stack.people.meganb!, 'diagnose.run', { subjectId: stack.people.miriamg!.id, symptom: 'blocked-by-policy' }),
    );
    assert.match(textOf(result), /Sign-in check for Miriam Graham/);
    assert.match(textOf(result), /compliant/i);
    assert.match(textOf(result), /Finance requires compliant device/);
  });

  it("the help desk reads its own words: third person, an agent's next step, the failing sign-in, one-click actions", async () => {
    const start = await ask('meganb', 'diagnose christiec@contoso.com');
    assert.ok(
      actionsOf(start).some((a) => a.verb === 'diagnose.run' && a.title === 'Check their account'),
      JSON.stringify(actionsOf(start)),
    );
    const result = cardOf(
      await stack.client.click(stack.people.meganb!, 'diagnose.run', { subjectId: stack.people.christiec!.id, symptom: 'no-tap-prompt' }),
    );
    const text = textOf(result);
    assert.match(text, /What I checked on Christie's account/);
    assert.match(text, /Christie has no sign-in methods yet/);
    assert.doesNotMatch(text, /\b(you|your|you're)\b/i, text);
    const requestFor = actionsOf(result).find((a) => a.verb === 'request.open-for');
    assert.equal(requestFor?.title, 'Request a pass for Christie');
    assert.ok(
      !actionsOf(result).some((a) => a.verb === 'request.open' || a.verb === 'diagnose.escalate'),
      "the person's own buttons are not offered",
    );
    // The action carries only the person's id; the server looks them up again.
    const form = cardOf(
      await stack.client.click(stack.people.meganb!, 'request.open-for', {
        targetId: stack.people.christiec!.id,
        target: 'someone-else@contoso.com',
      }),
    );
    assert.match(JSON.stringify(form), /christiec@contoso\.com/);
    assert.doesNotMatch(JSON.stringify(form), /someone-else/);

    const miriam = textOf(
      cardOf(
        await stack.client.click(stack.people.meganb!, 'diagnose.run', {
          subjectId: stack.people.miriamg!.id,
          symptom: 'blocked-by-policy',
        }),
      ),
    );
    assert.match(miriam, /Most likely: the policy "Finance requires compliant device" stopped Miriam's sign-in/);
    assert.match(miriam, /Seen:.*AADSTS53000.*Microsoft Teams/s, 'when, which app and which code');
    assert.match(miriam, /Intune/);
  });

  it('the person reads second person and "Check my account"', async () => {
    const start = await ask('christiec', "why can't I sign in");
    assert.ok(actionsOf(start).some((a) => a.title === 'Check my account'));
    const result = textOf(
      cardOf(
        await stack.client.click(stack.people.christiec!, 'diagnose.run', {
          subjectId: stack.people.christiec!.id,
          symptom: 'no-tap-prompt',
        }),
      ),
    );
    assert.match(result, /You have no sign-in methods yet/);
    assert.match(result, /^What I checked$/m);
  });

  it('an ordinary user asking about someone else is refused, with the reason', async () => {
    const refused = await ask('alexw', 'diagnose debrab@contoso.com');
    assert.match(textOf(refused), /Only the service desk and authorised admins/);
    const forged = cardOf(
      await stack.client.click(stack.people.alexw!, 'diagnose.run', { subjectId: stack.people.debrab!.id, symptom: 'locked-out' }),
    );
    assert.match(textOf(forged), /Only the service desk and authorised admins/);
  });
});

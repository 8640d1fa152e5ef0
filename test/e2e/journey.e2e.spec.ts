// The whole journey in three Playgrounds — Alex asks, Megan approves in the approvals
// channel, Diego cannot sign in — as the Playground renders it in Chromium. Every card is
// screenshotted; no card shows template placeholders or JSON; the Playground warns about nothing.
import assert from 'node:assert/strict';
import { rawLeftovers, startE2e, type E2e } from './support/e2e-stack';
import type { Card } from './support/playground-page';

async function readable(card: Card, name: string): Promise<string> {
  await card.screenshot(name);
  const text = await card.text();
  assert.deepEqual(rawLeftovers(text), [], `${name} shows raw text: ${text}`);
  return text;
}

describe('e2e: request, approve, status, diagnose', function () {
  this.timeout(240_000);
  let e2e: E2e;
  let requestId = '';
  let alexStatusCard = -1;
  let pass = '';
  let passCardIndex = -1;

  before(async () => {
    e2e = await startE2e({ suite: 'journey', personas: ['alexw', 'meganb', 'diegos'] });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await e2e?.screenshotAll(`failed ${this.currentTest.title}`);
  });

  after(async () => {
    await e2e?.close();
  });

  it('1. Alex says "I lost my phone", fills the request card and sends it', async () => {
    const alex = e2e.as('alexw');
    await alex.send('I lost my phone');
    const form = await alex.waitForCardWithText('Ask for a Temporary Access Pass');
    await readable(form, 'request form');
    await form.choose('Why is it needed?', 'Lost or broken phone / security key');
    await form.fillInput('Details', 'Phone stolen on the train this morning');
    await form.screenshot('request form filled');
    await form.click('Send request');

    const status = await alex.waitForCardWithText(/TAP-\d+/);
    const text = await readable(status, 'request status');
    requestId = (/TAP-\d+/.exec(text) as RegExpExecArray)[0];
    alexStatusCard = status.index;
    assert.match(text, /Waiting for approval/);
    await alex.screenshot('after sending the request');
  });

  it('2. Megan gets the approval card in "TAP approvals", approves with how she verified, and sees the pass once', async () => {
    const megan = e2e.as('meganb');
    await megan.openConversation('TAP approvals');
    const approval = await megan.waitForCardWithText(requestId);
    const text = await readable(approval, 'approval card');
    assert.ok(text.includes('Alex Wilber'), 'names the person');
    await megan.screenshot('approvals channel');

    await approval.click('Review and decide');
    const review = await megan.waitForCardWithText('How did you verify');
    const reviewText = await readable(review, 'approval review');
    for (const fact of ['Account', 'enabled', 'Sign-in methods', 'Approver needs'])
      assert.ok(reviewText.includes(fact), `the review shows ${fact}`);
    await review.choose('How did you verify it is really them?', 'Called them back on a number from HR records / the directory');
    await review.screenshot('approval review: verification chosen');
    await review.click('Approve and create pass');

    const passCard = await megan.waitForCardWithText('only time the pass is shown');
    const passText = await readable(passCard, 'pass shown once');
    assert.match(passText, /Temporary Access Pass for Alex Wilber/);
    assert.match(passText, /Expires/);
    pass =
      passText
        .split('\n')
        .map((l) => l.trim())
        .find((l) => /^\S{8}$/.test(l)) ?? '';
    assert.ok(pass, 'the pass (8 characters, the policy default) is on the card');
    passCardIndex = passCard.index;
    await megan.screenshot('pass shown to Megan');
  });

  it('3. the pass stays on Megan\'s screen while Alex\'s card says "Being issued by Megan"; "Handed over" turns every copy to "Issued"', async () => {
    const megan = e2e.as('meganb');
    const alex = e2e.as('alexw');
    const alexCard = alex.card(alexStatusCard);
    await alexCard.waitForText(/Being issued by Megan Bowen/);
    await readable(alexCard, 'status card while the pass is handed over');
    const passCard = megan.card(passCardIndex);
    await passCard.holdsText(pass, 3000);
    await megan.screenshot('pass still shown to Megan');

    await passCard.click('Handed over');
    const issued = await passCard.waitForText(/Issued by Megan Bowen/);
    assert.ok(!issued.includes(pass), 'the pass is gone once handed over');
    await readable(passCard, 'approval card after the hand-over');
    assert.ok(!(await megan.page.content()).includes(pass), 'nothing on the screen of Megan keeps the pass');
    await megan.screenshot('approvals channel after the hand-over');
  });

  it('4. Alex\'s status card shows "issued" (the card he has, and a fresh "status")', async () => {
    const alex = e2e.as('alexw');
    const kept = alex.card(alexStatusCard);
    await kept.waitForText(/Issued\./);
    await readable(kept, 'status card updated itself');
    await alex.screenshot('Alex after the approval');

    await alex.send('status');
    const status = await alex.waitForCardWithText(requestId);
    const text = await readable(status, 'status after approval');
    assert.match(text, /Issued/);
    assert.ok(!(await alex.page.content()).includes(pass), 'the pass must not reach the requester');
  });

  it('5. Megan asks "status alexw" and sees the live pass state, never the pass', async () => {
    const megan = e2e.as('meganb');
    await megan.openConversation('Personal Chat');
    await megan.send('status alexw');
    const status = await megan.waitForCardWithText(/live from Entra/);
    const text = await readable(status, 'status alexw');
    assert.match(text, /Usable/);
    assert.ok(text.includes(`${requestId} · Issued`), 'lists the request as issued');
    assert.ok(!text.includes(pass), 'status never shows the pass');
  });

  it('6. Diego asks why he cannot sign in and is told his account is disabled', async () => {
    const diego = e2e.as('diegos');
    await diego.send("why can't I sign in");
    const questions = await diego.waitForCardWithText("Why can't I sign in?");
    await readable(questions, 'diagnosis questions');
    await questions.fillInput('What are you trying to sign in to?', 'Outlook on my laptop');
    await questions.choose('What happens?', 'Something else');
    await questions.click('Check my account');
    const result = await diego.waitForCardWithText(/disabled/i);
    const text = await readable(result, 'diagnosis result');
    assert.match(text, /account is disabled|disabled account/i);
    await diego.screenshot('Diego after the check');
  });

  it('the Playground showed no warning or error to anyone', async () => {
    assert.deepEqual(await e2e.warnings(), []);
  });
});

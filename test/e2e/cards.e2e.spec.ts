// Cards as the Playground's Adaptive Card renderer shows them in Chromium: a reason full of markdown
// reaches Megan's card as typed (no link, no italics); Megan denies without saying how she verified;
// a pass full of markdown characters (forced through the emulator's next-pass control) reads back
// exactly. Screenshots in test/e2e/shots/cards/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { rawLeftovers, startE2e, type E2e } from './support/e2e-stack';
import type { Card } from './support/playground-page';

/** A pass value as Entra could never make one, but a renderer must show verbatim. */
const MARKDOWN_PASS = '*a_b_[c](d)~~e\\*f_';
const TYPED_REASON = 'Phone *stolen* on [the train](https://evil.example) _today_';

async function readable(card: Card, name: string): Promise<string> {
  await card.screenshot(name);
  const text = await card.text();
  assert.deepEqual(rawLeftovers(text), [], `${name} shows raw text: ${text}`);
  return text;
}

/** POST /_emulator/next-pass on the demo's emulator (its own CA). */
function forceNextPass(e2e: E2e, value: string): Promise<number> {
  const url = new URL('/_emulator/next-pass', e2e.stack.emulator.baseUrl);
  const body = JSON.stringify({ value });
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const request = https.request(url, { method: 'POST', ca: readFileSync(e2e.stack.caCertPath), headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('e2e: markdown in cards, Deny without verification, a pass read back exactly', function () {
  this.timeout(240_000);
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e({ suite: 'cards', personas: ['alexw', 'meganb'] });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await e2e?.screenshotAll(`failed ${this.currentTest.title}`);
  });

  after(async () => {
    await e2e?.close();
  });

  async function alexAsks(details: string): Promise<string> {
    const alex = e2e.as('alexw');
    await alex.send('I lost my phone');
    const form = await alex.waitForCardWithText('Ask for a Temporary Access Pass');
    await form.choose('Why is it needed?', 'Lost or broken phone / security key');
    await form.fillInput('Details', details);
    await form.click('Send request');
    const status = await alex.waitForCardWithText(/TAP-\d+/);
    return (/TAP-\d+/.exec(await status.text()) as RegExpExecArray)[0];
  }

  it('1. a reason full of markdown reaches the approver as typed: no link, no emphasis', async () => {
    const requestId = await alexAsks(TYPED_REASON);
    const megan = e2e.as('meganb');
    await megan.openConversation('TAP approvals');
    const approval = await megan.waitForCardWithText(requestId);
    const text = await readable(approval, 'approval card with a markdown reason');
    assert.ok(text.includes(TYPED_REASON), `the reason reads as typed: ${text}`);
    assert.equal(await approval.locator.locator('a[href*="evil.example"]').count(), 0, 'no link on the card');
    assert.equal(
      await approval.locator
        .locator('em, strong')
        .filter({ hasText: /stolen|today/ })
        .count(),
      0,
      'no emphasis from typed text',
    );
  });

  it('2. Megan denies without saying how she verified, and the request is denied', async () => {
    const megan = e2e.as('meganb');
    const approval = await megan.waitForCardWithText(TYPED_REASON, { from: 0 });
    await approval.click('Review and decide');
    const review = await megan.waitForCardWithText('How did you verify');
    await review.click('Deny');
    await review.fillInput('Why are you denying it?', "Couldn't verify: no *answer* on the HR number");
    await review.screenshot('deny reason typed, no verification chosen');
    await review.click('Deny request');
    const denied = await review.waitForText(/Denied by Megan Bowen/);
    assert.ok(denied.includes("Couldn't verify: no *answer* on the HR number"), denied);
    await readable(review, 'denied without a verification answer');
    await megan.screenshot('approvals channel after the denial');
  });

  it('3. a pass full of markdown characters is shown exactly, in one monospace run', async () => {
    assert.equal(await forceNextPass(e2e, MARKDOWN_PASS), 204);
    const requestId = await alexAsks('Second try, verified by phone');
    const megan = e2e.as('meganb');
    // The Playground shows a channel's new posts when the channel is opened again.
    await megan.openConversation('Personal Chat');
    await megan.openConversation('TAP approvals');
    const approval = await megan.waitForCardWithText(requestId, { from: 0 });
    await approval.click('Review and decide');
    const review = await megan.waitForCardWithText('How did you verify');
    await review.choose('How did you verify it is really them?', 'Called them back on a number from HR records / the directory');
    await review.click('Approve and create pass');
    const passCard = await megan.waitForCardWithText('only time the pass is shown');
    const text = await readable(passCard, 'markdown pass shown once');
    const lines = text.split('\n').map((l) => l.trim());
    assert.ok(lines.includes(MARKDOWN_PASS), `the pass reads back exactly; the card shows:\n${text}`);
    assert.equal(
      await passCard.locator.locator('em, strong, a, del, s').filter({ hasText: /[a-f]/ }).count(),
      0,
      'no markup inside the pass',
    );
    await passCard.click('Handed over');
    const issued = await passCard.waitForText(/Issued by Megan Bowen/);
    assert.ok(!issued.includes(MARKDOWN_PASS));
  });

  it('the Playground showed no warning or error to anyone', async () => {
    assert.deepEqual(await e2e.warnings(), []);
  });
});

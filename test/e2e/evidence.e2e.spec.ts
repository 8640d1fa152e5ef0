// Evidence beside the approver's word, in the Playground (Chromium): the manager's 1:1 card, the approval card once the
// manager confirmed, and a Verified ID Face Check result on the approval card. The emulated Request Service plays Christie
// presenting her VerifiedEmployee credential in Authenticator (POST /_emulator/verified-id/present). Screenshots go to
// test/e2e/shots/evidence/.
import assert from 'node:assert/strict';
import https from 'node:https';
import { readQrCode } from '../support/qr-reader';
import { rawLeftovers, startE2e, type E2e } from './support/e2e-stack';

/** The control endpoint over HTTPS, trusting the demo emulator's own CA. */
function present(e2e: E2e, body: object): Promise<{ status: number; body: string }> {
  const emulator = e2e.stack.emulator;
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${emulator.baseUrl}/_emulator/verified-id/present`,
      { method: 'POST', ca: emulator.caCertPem, headers: { 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

describe('e2e: the manager confirms, and a Face Check, on the approval card', function () {
  this.timeout(240_000);
  let e2e: E2e;
  let requestId = '';

  before(async () => {
    e2e = await startE2e({ suite: 'evidence', personas: ['christiec', 'meganb', 'alexw'] });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await e2e?.screenshotAll(`failed ${this.currentTest.title}`);
  });

  after(async () => {
    await e2e?.close();
  });

  it('1. Alex (Christie’s manager) has a chat with TAP Desk; Christie, a new hire, asks for a pass', async () => {
    const alex = e2e.as('alexw');
    await alex.send('hello');
    await alex.waitForCardWithText(/TAP Desk/);
    const christie = e2e.as('christiec');
    await christie.send('I need a pass for my first sign-in');
    const form = await christie.waitForCardWithText('Ask for a Temporary Access Pass');
    await form.choose('Why is it needed?', 'New starter: first sign-in');
    await form.click('Send request');
    const status = await christie.waitForCardWithText(/TAP-\d+/);
    requestId = (/TAP-\d+/.exec(await status.text()) as RegExpExecArray)[0];
  });

  it("2. the manager's 1:1 card: Is this really Christie Cline asking for a pass? — Alex confirms", async () => {
    const alex = e2e.as('alexw');
    const ask = await alex.waitForCardWithText('Is this really Christie Cline asking for a pass?', { timeoutMs: 30_000 });
    assert.deepEqual(rawLeftovers(await ask.text()), []);
    await ask.screenshot("the manager's 1:1 card");
    await ask.click('Confirm');
    await alex.waitForCardWithText('you confirmed it is them', { timeoutMs: 30_000 });
  });

  it('3. the approval card after the manager confirmed', async () => {
    const megan = e2e.as('meganb');
    await megan.openConversation('TAP approvals');
    const approval = await megan.waitForCardWithText(requestId, { timeoutMs: 30_000 });
    await approval.click('Review and decide');
    const review = await megan.waitForCardWithText('How did you verify', { timeoutMs: 30_000 });
    const text = await review.text();
    assert.match(text, /Confirmed by Alex Wilber at/);
    assert.match(text, /Ask for a Face Check/);
    assert.deepEqual(rawLeftovers(text), []);
    await review.screenshot('the approval card after the manager confirmed');
  });

  it('4. Megan asks for a Face Check; Christie gets the link in her chat and presents: the result shows on the card', async () => {
    const megan = e2e.as('meganb');
    await megan.clickCardButton('Ask for a Face Check');
    const asked = await megan.waitForCardWithText(/Face Check[\s\S]*asked by Megan Bowen/, { timeoutMs: 30_000 });
    assert.match(await asked.text(), /the link is in Christie Cline's chat, no result yet/);

    const christie = e2e.as('christiec');
    const link = await christie.waitForCardWithText('Prove it is you with a Face Check', { timeoutMs: 30_000 });
    const linkText = await link.text();
    assert.match(linkText, /Open in Authenticator/);
    assert.deepEqual(rawLeftovers(linkText), []);
    await link.screenshot("the Face Check link in the target's chat");
    // The presentation request the bot made for this request (its callback state is our request id).
    const serviceRequestId = e2e.stack.emulator.verifiedIdPresentations().find((p) => p.state === requestId)?.requestId;
    assert.ok(serviceRequestId, 'the bot created a presentation request');
    // Read on a computer, the QR code is the way to Authenticator on the phone: drawn on the card, and it scans to the link.
    const qr = link.locator.locator('img[alt^="QR code"]');
    await qr.waitFor({ state: 'visible' });
    const decoded = await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    const shownPx = (await qr.boundingBox())?.width ?? 0;
    assert.ok(decoded > 0 && shownPx >= 150, `the QR code is drawn (${decoded} px, shown ${shownPx} px wide)`);
    assert.match(
      readQrCode((await qr.getAttribute('src')) ?? '') ?? '',
      new RegExp(`^openid-vc://\\?request_uri=https://.*/presentationRequests/${serviceRequestId}$`),
    );

    // As a demo user would: by our request id (the callback state).
    const presented = await present(e2e, { state: requestId, matchConfidence: 92.4 });
    assert.equal(presented.status, 200, presented.body);
    // The bot updates every copy of the approval message through the outbox (as Teams shows in place); the Playground
    // keeps the card a click answered, so Megan opens the approval card again from her "pending" list.
    const passed = 'Passed with confidence 92% (threshold 80%)';
    await megan.openConversation('Personal Chat');
    await megan.send('pending');
    const pending = await megan.waitForCardWithText(requestId, { timeoutMs: 30_000 });
    await pending.click('Open approval card');
    const shown = await megan.waitForCardWithText(passed, { timeoutMs: 30_000, from: 0 });
    const result = await shown.text();
    assert.match(result, /Confirmed by Alex Wilber at/);
    assert.deepEqual(rawLeftovers(result), []);
    await shown.screenshot('a Face Check result on the approval card');
  });
});

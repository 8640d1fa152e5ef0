// Teams' sign-in fallback in the Playground, in Chromium: silent SSO "fails" for Megan and Alex (the demo proxy lets
// their loginRequest through), so the Playground shows its magic-code card and opens the sign-in button, the
// emulated token service's page, in a pop-up. The person signs in there, the code comes back, the action goes
// again with it (value.state) and completes: Megan's approval shows the pass; Alex's "This wasn't me" removes it.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { rawLeftovers, startE2e, type E2e } from './support/e2e-stack';
import type { PlaygroundPage } from './support/playground-page';

/**
 * Clicks a card button that the bot answers with the loginRequest; the sign-in prompt (what Teams shows, played by
 * the demo proxy) appears; its Sign in button opens the token service's page in a pop-up, where `upn` signs in and
 * gets the code; Continue sends the action again with it.
 */
async function signInThroughPopup(e2e: E2e, who: PlaygroundPage, click: () => Promise<void>, upn: string): Promise<string> {
  await click();
  const prompt = await who.waitForCardWithText('could not sign you in silently', { timeoutMs: 30_000 });
  await prompt.screenshot('sign-in prompt');
  const popupOpened = who.page.context().waitForEvent('page', { timeout: 30_000 });
  // An Action.OpenUrl: the Playground renders it as a button or a link, depending on its version.
  await who.page
    .locator('button, a, [role="button"], [role="link"]', { hasText: /^\s*Sign in\s*$/ })
    .last()
    .click();
  const popup: Page = await popupOpened;
  await popup.locator('#account').waitFor({ timeout: 30_000 });
  await popup.screenshot({ path: e2e.shots.next(who.persona, 'the sign-in page (emulated token service)') });
  await popup.locator('#account').fill(upn);
  await popup.locator('#sign-in').click();
  const code = (await popup.locator('#magic-code').innerText({ timeout: 30_000 })).trim();
  await popup.screenshot({ path: e2e.shots.next(who.persona, 'signed in: the code goes back to Teams') });
  await popup.close();
  assert.match(code, /^\d{6}$/);
  await who.page
    .locator('button, [role="button"]', { hasText: /^\s*Continue\s*$/ })
    .last()
    .click();
  return code;
}

describe("e2e: sign in on the token service's page when silent SSO cannot finish", function () {
  this.timeout(240_000);
  let e2e: E2e;
  let requestId = '';

  before(async () => {
    e2e = await startE2e({ suite: 'sign-in', personas: ['alexw', 'meganb'], ssoFallback: ['alexw', 'meganb'] });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await e2e?.screenshotAll(`failed ${this.currentTest.title}`);
  });

  after(async () => {
    await e2e?.close();
  });

  it('1. Alex asks for a pass', async () => {
    const alex = e2e.as('alexw');
    await alex.send('I lost my phone');
    const form = await alex.waitForCardWithText('Ask for a Temporary Access Pass');
    await form.choose('Why is it needed?', 'Lost or broken phone / security key');
    await form.fillInput('Details', 'Phone stolen');
    await form.click('Send request');
    const status = await alex.waitForCardWithText(/TAP-\d+/);
    requestId = (/TAP-\d+/.exec(await status.text()) as RegExpExecArray)[0];
  });

  it('2. Megan approves: the sign-in pop-up, the code, and the pass on her card', async () => {
    const megan = e2e.as('meganb');
    await megan.openConversation('TAP approvals');
    const approval = await megan.waitForCardWithText(requestId);
    await approval.click('Review and decide');
    const review = await megan.waitForCardWithText('How did you verify');
    await review.choose('How did you verify it is really them?', 'Called them back on a number from HR records / the directory');
    await signInThroughPopup(e2e, megan, () => review.click('Approve and create pass'), 'meganb@contoso.com');
    const passCard = await megan.waitForCardWithText('only time the pass is shown', { timeoutMs: 30_000 });
    const text = await passCard.text();
    assert.deepEqual(rawLeftovers(text), []);
    assert.match(text, /Temporary Access Pass for Alex Wilber/);
    await passCard.screenshot('after the sign-in page: the pass');
  });

  it('3. Alex says "This wasn\'t me": he signs in on the page, and his pass is removed with his own rights', async () => {
    const alex = e2e.as('alexw');
    const notice = await alex.waitForCardWithText('was issued for your account', { timeoutMs: 30_000 });
    await notice.screenshot('the notice with "This wasn\'t me"');
    await signInThroughPopup(e2e, alex, () => notice.click("This wasn't me"), 'alexw@contoso.com');
    const done = await alex.waitForCardWithText('Thanks for telling us', { timeoutMs: 30_000 });
    const text = await done.text();
    assert.match(text, /pass has been deleted and no longer works/);
    assert.match(text, /sessions were ended/);
    await done.screenshot('pass removed');
  });
});

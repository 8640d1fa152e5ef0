// Alex types "help" in the Agents Playground and sees the help card, rendered by the Playground's
// Adaptive Card renderer in Chromium, without any "not supported" warning.
import assert from 'node:assert/strict';
import { HELP_VIEW } from '../../src/teams/handlers/help';
import { rawLeftovers, startE2e, type E2e } from './support/e2e-stack';

describe('e2e: help in the Agents Playground', function () {
  this.timeout(120_000);
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e({ suite: 'help', personas: ['alexw'] });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await e2e?.screenshotAll(`failed ${this.currentTest.title}`);
  });

  after(async () => {
    await e2e?.close();
  });

  let helpText = '';

  it('Alex types help and sees the help card with its title and buttons', async () => {
    const alex = e2e.as('alexw');
    await alex.send('help');
    const card = await alex.waitForCardWithText('TAP Desk');
    const text = await card.text();
    helpText = text;

    assert.match(text, /^TAP Desk/, 'the title comes first');
    for (const command of ['request', 'status', 'diagnose', 'pending']) assert.ok(text.includes(command), `lists "${command}"`);
    assert.deepEqual(rawLeftovers(text), []);
    const buttons = await card.buttonTitles();
    assert.ok(buttons.length > 0, 'the help card has buttons');
    for (const title of buttons) assert.ok(await card.button(title).isVisible(), `button "${title}" is visible`);

    await card.screenshot('help card');
    await alex.screenshot('help in the personal chat');
    assert.deepEqual(await e2e.warnings(), [], 'the Playground warned about the help card');
    assert.deepEqual(alex.pageErrors, []);
  });

  it('shows every command and description as written, arguments such as <id> and <user> included', () => {
    // The Playground's TextBlock renderer (like Teams') drops text that looks like an HTML tag.
    const lines = [...HELP_VIEW.commands, ...HELP_VIEW.helpDeskCommands].flatMap((c) => [c.command, c.description]);
    const missing = lines.filter((line) => !helpText.includes(line));
    assert.deepEqual(missing, [], 'help text that did not render as written');
  });
});

// One person in one Microsoft 365 Agents Playground: type, wait for cards, click, fill, choose,
// take screenshots and gather the Playground's "not supported" warnings. Tests read like the
// issue's steps: `await alex.send('help'); const card = await alex.waitForCardWithText('TAP Desk')`.
import type { Locator, Page } from 'playwright-core';
import { CARD_SELECTOR, EDITOR_SELECTOR, PAGE_HELPERS } from './browser-scripts';
import type { ShotBook } from './shots';

export interface PlaygroundWarning {
  /** `log`: the Playground's log panel; `conversation`: the note under a card. */
  source: 'log' | 'conversation';
  level: 'warning' | 'error';
  text: string;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Only cards at this index or later count (default: from the last send, click or conversation switch). */
  from?: number;
}

const DEFAULT_WAIT_MS = 15_000;

/** What PAGE_HELPERS installs in the page (called from inline arrows: see browser-scripts.ts). */
interface PageGlobals {
  __tapdesk: { labelTarget(card: unknown, label: string): string | null };
}

/** A needle for the page helpers: a JSON string, or [source, flags] of a RegExp. */
function needleOf(text: string | RegExp): string {
  return JSON.stringify(typeof text === 'string' ? text : [text.source, text.flags]);
}

/** An Adaptive Card on the page, addressed by its position in the conversation. */
export class Card {
  constructor(
    private readonly driver: PlaygroundPage,
    readonly index: number,
    readonly locator: Locator,
  ) {}

  text(): Promise<string> {
    return this.locator.innerText();
  }

  /** Waits until this card (updated in place by the bot or by a click) shows `text`. */
  async waitForText(text: string | RegExp, timeoutMs = DEFAULT_WAIT_MS): Promise<string> {
    const page = this.locator.page();
    try {
      await page.waitForFunction(`window.__tapdesk.cardHas(${this.index}, ${needleOf(text)})`, undefined, { timeout: timeoutMs });
    } catch (error) {
      throw new Error(
        `card #${this.index} never showed ${String(text)}; it shows: ${(await this.text()).replace(/\s+/g, ' ').slice(0, 300)}`,
        { cause: error },
      );
    }
    return this.text();
  }

  /** Checks for `forMs` that this card keeps showing `text` (nothing replaced it meanwhile). */
  async holdsText(text: string, forMs: number): Promise<void> {
    const until = Date.now() + forMs;
    while (Date.now() < until) {
      const shown = await this.text();
      if (!shown.includes(text))
        throw new Error(`card #${this.index} stopped showing ${text}; it shows: ${shown.replace(/\s+/g, ' ').slice(0, 300)}`);
      await this.locator.page().waitForTimeout(250);
    }
  }

  button(title: string): Locator {
    return this.locator.getByRole('button', { name: title, exact: true });
  }

  async buttonTitles(): Promise<string[]> {
    return this.locator.locator('.ac-actionSet button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('title') ?? ''));
  }

  /** Clicks an action; an Action.Execute reply replaces this card in place, so later waits include it. */
  async click(title: string): Promise<void> {
    await this.button(title).click();
    this.driver.markFrom(this.index);
  }

  private async input(label: string): Promise<Locator> {
    const id = await this.locator.evaluate(
      (card, wanted) => (globalThis as unknown as PageGlobals).__tapdesk.labelTarget(card, wanted),
      label,
    );
    if (!id) throw new Error(`no input labelled "${label}" on the card: ${(await this.text()).slice(0, 300)}`);
    return this.locator.page().locator(`[id="${id}"]`);
  }

  /** Picks an option of an Input.ChoiceSet: a compact one (combobox) or an expanded one (radios). */
  async choose(label: string, option: string): Promise<void> {
    const target = await this.input(label);
    const role = await target.getAttribute('role');
    if (role === 'radiogroup') {
      await target.getByLabel(option, { exact: true }).check();
      return;
    }
    await target.click();
    const page = this.locator.page();
    const choice = page.getByRole('option', { name: option, exact: true });
    if (!(await choice.isVisible())) await target.locator('xpath=..').getByRole('button', { name: 'Open' }).click();
    await choice.click();
    const value = await target.inputValue();
    if (value !== option) throw new Error(`"${label}" shows "${value}" after choosing "${option}"`);
  }

  async fillInput(label: string, value: string): Promise<void> {
    await (await this.input(label)).fill(value);
  }

  /** Sets an Input.Toggle, found by its title. */
  async toggle(title: string, on: boolean): Promise<void> {
    await this.locator.getByLabel(title).setChecked(on);
  }

  async screenshot(name: string): Promise<string> {
    return this.driver.screenshotOf(this.locator, name);
  }
}

export class PlaygroundPage {
  private from = 0;
  private current: Card | null = null;
  private readonly opened = new Set<string>();
  private readonly seen = new Map<string, PlaygroundWarning>();
  readonly pageErrors: string[] = [];

  constructor(
    readonly page: Page,
    readonly persona: string,
    readonly url: string,
    private readonly shots: ShotBook,
  ) {
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
  }

  /** Loads the Playground and waits until it can take a message. */
  async open(): Promise<void> {
    await this.page.addInitScript(PAGE_HELPERS);
    await this.page.goto(this.url);
    await this.page.locator(EDITOR_SELECTOR).first().waitFor({ state: 'visible', timeout: 20_000 });
  }

  cards(): Locator {
    return this.page.locator(CARD_SELECTOR);
  }

  cardCount(): Promise<number> {
    return this.cards().count();
  }

  /** The card at a position, e.g. one remembered from an earlier step. */
  card(index: number): Card {
    return new Card(this, index, this.cards().nth(index));
  }

  markFrom(index: number): void {
    this.from = index;
  }

  /** "Personal Chat", a channel name ("TAP approvals") or the group chat's name. */
  async openConversation(name: string): Promise<void> {
    const items = this.page.locator('button[role="treeitem"]');
    const labels = await items.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
    const index = labels.findIndex((l) => l === name || l.endsWith(` - ${name}`));
    if (index < 0) throw new Error(`no conversation "${name}" in the Playground (there are: ${labels.join(', ')})`);
    await this.collect();
    await items.nth(index).click();
    await this.page.locator(EDITOR_SELECTOR).first().waitFor({ state: 'visible' });
    this.from = 0;
    this.current = null;
    // Opened the first time, the Playground adds TAP Desk to the conversation and TAP Desk posts its welcome. A channel
    // lists its newest post first, so a welcome landing after a card was found would move that card down one place
    // (cards are addressed by position): wait for it before anyone looks for a card.
    if (!this.opened.has(name)) {
      this.opened.add(name);
      await this.page
        .waitForFunction(`window.__tapdesk.findCard(${needleOf('Welcome to TAP Desk')}, 0) >= 0`, undefined, { timeout: 10_000 })
        .catch(() => undefined);
    }
  }

  /** Types a message: in a chat into the message box; in a channel as a new post (the "Post" composer). */
  async send(text: string): Promise<void> {
    this.from = await this.cardCount();
    const postButton = this.page.getByRole('button', { name: 'Post', exact: true });
    const inChannel = (await postButton.count()) > 0;
    const editor = inChannel
      ? this.page.locator('.fui-Card', { has: postButton }).locator(EDITOR_SELECTOR)
      : this.page.locator(EDITOR_SELECTOR).first();
    await editor.click();
    await this.page.keyboard.insertText(text);
    if (inChannel) await postButton.click();
    else await this.page.keyboard.press('Enter');
  }

  /** The newest card (since the last send/click) whose visible text contains `text`. */
  async waitForCardWithText(text: string | RegExp, options: WaitOptions = {}): Promise<Card> {
    const from = options.from ?? this.from;
    const call = `window.__tapdesk.findCard(${needleOf(text)}, ${from})`;
    try {
      await this.page.waitForFunction(`${call} >= 0`, undefined, { timeout: options.timeoutMs ?? DEFAULT_WAIT_MS });
    } catch (error) {
      const texts = await this.cards().allInnerTexts();
      const recent = texts.slice(Math.max(from, texts.length - 3)).map((t) => t.replace(/\s+/g, ' ').slice(0, 200));
      throw new Error(
        `${this.persona}: no card with ${String(text)} after card #${from} (${texts.length} cards; latest: ${JSON.stringify(recent)})`,
        { cause: error },
      );
    }
    const index = (await this.page.evaluate(call)) as number;
    this.current = new Card(this, index, this.cards().nth(index));
    await this.collect();
    return this.current;
  }

  /** The current card (the last one waited for) if it has the button, else the newest card that does. */
  private async cardWith(what: (card: Card) => Promise<boolean>, describe: string): Promise<Card> {
    if (this.current && (await what(this.current))) return this.current;
    const count = await this.cardCount();
    for (let i = count - 1; i >= 0; i -= 1) {
      const card = new Card(this, i, this.cards().nth(i));
      if (await what(card)) return card;
    }
    throw new Error(`${this.persona}: no card with ${describe}`);
  }

  async clickCardButton(title: string): Promise<void> {
    const card = await this.cardWith(async (c) => (await c.button(title).count()) > 0, `a "${title}" button`);
    await card.click(title);
  }

  async choose(inputLabel: string, option: string): Promise<void> {
    const card = await this.cardWith(
      async (c) => (await c.locator.locator('label[for]', { hasText: inputLabel }).count()) > 0,
      `an input "${inputLabel}"`,
    );
    await card.choose(inputLabel, option);
  }

  async fillInput(label: string, value: string): Promise<void> {
    const card = await this.cardWith(
      async (c) => (await c.locator.locator('label[for]', { hasText: label }).count()) > 0,
      `an input "${label}"`,
    );
    await card.fillInput(label, value);
  }

  async screenshot(name: string): Promise<string> {
    const file = this.shots.next(this.persona, name);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** An element screenshot; the window grows for a card taller than it (else the app bar covers its top). */
  async screenshotOf(locator: Locator, name: string): Promise<string> {
    const file = this.shots.next(this.persona, name);
    const viewport = this.page.viewportSize();
    const box = await locator.boundingBox();
    const grow = viewport && box && box.height > viewport.height - 200;
    if (grow) await this.page.setViewportSize({ width: viewport.width, height: Math.ceil(box.height) + 400 });
    try {
      await locator.screenshot({ path: file });
    } finally {
      if (grow) await this.page.setViewportSize(viewport);
    }
    return file;
  }

  private async collect(): Promise<void> {
    const found = (await this.page.evaluate('window.__tapdesk.warnings()')) as PlaygroundWarning[];
    for (const w of found) this.seen.set(`${w.source}|${w.level}|${w.text}`, w);
  }

  /** Every warning and error the Playground showed to this person so far (log panel and conversations). */
  async collectWarnings(): Promise<PlaygroundWarning[]> {
    await this.collect();
    return [...this.seen.values()];
  }
}

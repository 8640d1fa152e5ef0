// The demo, as a person would run it, plus a browser: emulated tenant, Azurite, the bot, one Agents
// Playground per persona (free ports, 127.0.0.1), headless Chromium with one page per persona.
// Child output goes to test/e2e/shots/<suite>/run/logs for reading after a failure.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { type DemoStack, DEFAULT_SEED, startDemoStack } from '../../harness/demo/demo-stack';
import { launchChromium } from './browser';
import { PlaygroundPage, type PlaygroundWarning } from './playground-page';
import { ShotBook } from './shots';

export interface E2eOptions {
  suite: string;
  /** Aliases; each gets a Playground and a page. The first one who can approve gets the approvals channel. */
  personas: string[];
  seed?: string;
  botEnv?: Record<string, string>;
  /** Aliases who sign in on the token service's page (Teams' fallback) instead of silent SSO. */
  ssoFallback?: string[];
}

export interface E2e {
  stack: DemoStack;
  browser: Browser;
  shots: ShotBook;
  /** The page of a persona by alias: `e2e.as('alexw')`. */
  as(alias: string): PlaygroundPage;
  /** A screenshot of every persona's page, e.g. after a failed step. */
  screenshotAll(name: string): Promise<string[]>;
  /** All warnings of all pages, minus those a test allows explicitly. */
  warnings(allow?: RegExp[]): Promise<Array<PlaygroundWarning & { persona: string }>>;
  close(): Promise<void>;
}

export async function startE2e(options: E2eOptions): Promise<E2e> {
  const shots = new ShotBook(options.suite);
  const stack = await startDemoStack({
    seed: options.seed ?? DEFAULT_SEED,
    botPort: 0,
    personas: options.personas,
    playgroundPort: 0,
    workDir: path.join(shots.dir, 'run'),
    botEnv: { LOG_LEVEL: 'debug', ...options.botEnv },
    ssoFallback: options.ssoFallback,
  });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const pages = new Map<string, PlaygroundPage>();
  const close = async () => {
    await browser.close().catch(() => undefined);
    await stack.stop();
  };
  try {
    for (const pg of stack.playgrounds) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const page = new PlaygroundPage(await context.newPage(), pg.persona.alias, pg.url, shots);
      await page.open();
      pages.set(pg.persona.alias, page);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    stack,
    browser,
    shots,
    as(alias) {
      const page = pages.get(alias.toLowerCase());
      if (!page) throw new Error(`no Playground for "${alias}" (started: ${[...pages.keys()].join(', ')})`);
      return page;
    },
    screenshotAll: (name) => Promise.all([...pages.values()].map((page) => page.screenshot(name))),
    async warnings(allow = []) {
      const all: Array<PlaygroundWarning & { persona: string }> = [];
      for (const [persona, page] of pages) {
        for (const w of await page.collectWarnings()) if (!allow.some((a) => a.test(w.text))) all.push({ ...w, persona });
      }
      return all;
    },
    close,
  };
}

/** Text a person should never see on a card: template placeholders, JSON, JavaScript leftovers. */
export function rawLeftovers(text: string): string[] {
  const problems: Array<[RegExp, string]> = [
    [/\$\{[^}]*\}/, 'an unfilled ${...} placeholder'],
    [/\{\s*"[^"]+"\s*:/, 'JSON'],
    [/\[object \w+\]/, '[object ...]'],
    [/\bundefined\b/, '"undefined"'],
    [/\bNaN\b/, '"NaN"'],
  ];
  return problems.filter(([re]) => re.test(text)).map(([, what]) => what);
}

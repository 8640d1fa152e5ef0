// The harness's own check: when a bot sends a card with features the Playground does not support,
// collectWarnings() must report them (log panel and conversation), or "no warnings" proves nothing.
// A stand-in bot answers every message with such a card; no TAP Desk involved.
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { baseEnv } from '../harness/demo/bot-process';
import { writePlaygroundConfig } from '../harness/demo/playground-config';
import { startPlayground, type StartedPlayground } from '../harness/demo/playground';
import { freePort } from '../harness/ports';
import { findPersona, readSeedPeople, type Persona } from '../harness/demo/seed-people';
import { DEFAULT_SEED } from '../harness/demo/demo-stack';
import { launchChromium } from './support/browser';
import { PlaygroundPage } from './support/playground-page';
import { ShotBook } from './support/shots';

const UNSUPPORTED_CARD = {
  type: 'AdaptiveCard',
  version: '1.5',
  msteams: { width: 'Full' },
  refresh: { action: { type: 'Action.Execute', verb: 'refresh' }, userIds: [] },
  body: [{ type: 'TextBlock', text: 'A card the Playground cannot fully show' }],
};

/** Answers each message by posting UNSUPPORTED_CARD back through the Playground's connector. */
async function startStandInBot(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      res.writeHead(200).end();
      const activity = JSON.parse(body || '{}') as { type?: string; serviceUrl?: string; conversation?: { id: string } };
      if (activity.type !== 'message' || !activity.serviceUrl || !activity.conversation) return;
      const url = `${activity.serviceUrl.replace(/\/$/, '')}/v3/conversations/${encodeURIComponent(activity.conversation.id)}/activities`;
      void fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: UNSUPPORTED_CARD }],
        }),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/api/messages`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('e2e harness: Playground warnings are detected', function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof startStandInBot>>;
  let playground: StartedPlayground;
  let browser: Browser;
  let page: PlaygroundPage;

  before(async () => {
    const shots = new ShotBook('harness-warnings');
    const people = readSeedPeople(DEFAULT_SEED);
    const alex = findPersona(people, 'alexw') as Persona;
    bot = await startStandInBot();
    const configPath = writePlaygroundConfig(path.join(shots.dir, 'run'), { people, current: alex, colleagues: [] });
    playground = await startPlayground({
      name: 'Agents Playground',
      appEndpoint: bot.endpoint,
      port: await freePort(),
      configPath,
      logDir: path.join(shots.dir, 'run'),
      env: baseEnv(),
      readyTimeoutMs: 20_000,
    });
    browser = await launchChromium();
    page = new PlaygroundPage(await browser.newPage(), 'alexw', playground.url, shots);
    await page.open();
  });

  after(async () => {
    await browser?.close();
    await playground?.child.stop();
    await bot?.close();
  });

  it('reports full width and user-specific views from the log panel and the conversation', async () => {
    await page.send('hello');
    await page.waitForCardWithText('A card the Playground cannot fully show');
    await page.screenshot('unsupported card');
    const warnings = await page.collectWarnings();
    const texts = warnings.map((w) => `${w.source}: ${w.text}`);
    assert.ok(
      texts.some((t) => t.startsWith('log: Full width control is not supported')),
      texts.join('\n'),
    );
    assert.ok(
      texts.some((t) => t.startsWith('log: User specific view is not supported')),
      texts.join('\n'),
    );
    assert.ok(
      texts.some((t) => t.startsWith('conversation: ')),
      texts.join('\n'),
    );
  });
});

// The yardstick for turn overhead: the smallest botbuilder bot on the same restify + CloudAdapter
// setup as TAP Desk (demo mode: no inbound authentication), answering each message with one reply.
//   npx tsc -p test/bench/tsconfig.json && PORT=3999 node .local/bench/build/support/echo-bot.js
import { TeamsActivityHandler } from 'botbuilder';
import { serveReferenceBot } from './reference-server';

const bot = new TeamsActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  await next();
});
serveReferenceBot('echo bot', bot, 3999);

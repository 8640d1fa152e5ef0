// The yardstick for turn overhead: the smallest botbuilder bot on the same restify + CloudAdapter
// setup as TAP Desk (demo mode: no inbound authentication), answering each message with one reply.
//   npx tsc -p test/bench/tsconfig.json && PORT=3999 node .local/bench/build/support/echo-bot.js
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TeamsActivityHandler } from 'botbuilder';

const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' }),
);
const bot = new TeamsActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  await next();
});

const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
server.get('/readyz', (_req, res, next) => {
  res.send(200, { status: 'ready' });
  return next();
});
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT ?? 3999), '127.0.0.1', () => process.stdout.write(`echo bot listening on ${process.env.PORT}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

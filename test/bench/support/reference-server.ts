// The server both reference bots (echo-bot.ts, echo-read-bot.ts) run on: the same restify + CloudAdapter setup as
// TAP Desk in demo mode (no inbound authentication), so a ratio against them measures the bots, not the plumbing.
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TeamsActivityHandler } from 'botbuilder';

export function serveReferenceBot(name: string, bot: TeamsActivityHandler, defaultPort: number): void {
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' }),
  );
  const server = restify.createServer({ name, handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  server.get('/readyz', (_req, res, next) => {
    res.send(200, { status: 'ready' });
    return next();
  });
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.listen(Number(process.env.PORT ?? defaultPort), '127.0.0.1', () =>
    process.stdout.write(`${name} listening on ${process.env.PORT}\n`),
  );
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

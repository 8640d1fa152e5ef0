// The fair yardstick for a turn that must read storage: the echo bot (echo-bot.ts) plus one Table
// Storage point read per turn with @azure/data-tables, of the entity READ_TABLE / READ_PARTITION /
// READ_ROW (the bench points it at the request row that `status` shows, so the size is the same),
// whose JSON `data` column it parses, as any bot reading a row would.
import { TableClient } from '@azure/data-tables';
import { TeamsActivityHandler } from 'botbuilder';
import { serveReferenceBot } from './reference-server';

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`echo-read bot: ${name} is not set`);
  return value;
}

const table = TableClient.fromConnectionString(setting('READ_CONNECTION_STRING'), setting('READ_TABLE'), { allowInsecureConnection: true });
const partitionKey = setting('READ_PARTITION');
const rowKey = setting('READ_ROW');

const bot = new TeamsActivityHandler();
bot.onMessage(async (context, next) => {
  const entity = await table.getEntity<{ data?: string }>(partitionKey, rowKey);
  const data = JSON.parse(entity.data ?? '{}') as { status?: string };
  await context.sendActivity(`echo: ${context.activity.text ?? ''} (${data.status ?? entity.etag})`);
  await next();
});

serveReferenceBot('echo-read bot', bot, 3998);

// SECURITY case 20: every pass value the emulator ever returned must be absent from every log line,
// every stored entity (all tables of the run) and every activity the bot sent.
import assert from 'node:assert/strict';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import type { Stack } from './stack';

export async function storedText(connectionString: string, prefix: string): Promise<string[]> {
  const service = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true });
  const out: string[] = [];
  for await (const table of service.listTables()) {
    if (!table.name?.toLowerCase().startsWith(prefix.toLowerCase())) continue;
    const client = TableClient.fromConnectionString(connectionString, table.name, { allowInsecureConnection: true });
    // Int64 columns come back as BigInt, which JSON.stringify refuses.
    for await (const entity of client.listEntities())
      out.push(JSON.stringify(entity, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return out;
}

/**
 * Also SECURITY case 22: tokens (the approvers' SSO tokens, given as `tokens`) must appear nowhere
 * either; a token is as good as a pass to whoever holds it.
 */
export async function assertNoPassLeaks(stack: Stack, tokens: string[] = []): Promise<{ passes: number; searched: number }> {
  const passes = [...stack.emulator.issuedPassValues(), ...tokens];
  const stored = await storedText(stack.storageConnectionString, stack.env.STORAGE_TABLE_PREFIX as string);
  const haystacks: Array<[string, string[]]> = [
    ['log', [...stack.logs, ...stack.children.flatMap((c) => c.logs)]],
    ['stored entity', stored],
    ['sent activity', stack.connector.raw],
  ];
  let searched = 0;
  for (const [kind, texts] of haystacks) {
    for (const text of texts) {
      searched += 1;
      for (const pass of passes) assert.ok(!text.includes(pass), `a pass value or token appears in a ${kind}`);
      // With tokens in play, nothing shaped like a JWT either (the delegated Graph tokens the bot obtained are not known here).
      if (tokens.length > 0) assert.doesNotMatch(text, /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/, `a token appears in a ${kind}`);
    }
  }
  assert.ok(stored.length > 0, 'expected stored entities to search');
  return { passes: passes.length, searched };
}

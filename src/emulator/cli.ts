// Runs the emulated tenant on its own: prints one JSON line when ready, stops on SIGINT/SIGTERM.
//   tsx src/emulator/cli.ts [--seed <file>] [--port N]
import path from 'node:path';
import { startEmulator } from './server';

export const DEFAULT_SEED = path.resolve(__dirname, '../../../shared/tenant/contoso.json');

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  const seed = argument('--seed') ?? process.env.TENANT_SEED ?? DEFAULT_SEED;
  const port = Number(argument('--port') ?? 0);
  const emulator = await startEmulator({ seed: path.resolve(seed), port, exposeIssuedPasses: process.argv.includes('--expose-issued-passes') });
  process.stdout.write(
    `${JSON.stringify({ ready: true, graphUrl: emulator.graphUrl, tokenUrl: emulator.tokenUrl, authorityHost: emulator.authorityHost, tenantId: emulator.tenantId, clientId: emulator.clientId, caCertPath: emulator.caCertPath })}\n`,
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

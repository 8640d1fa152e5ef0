// Runs the emulated tenant on its own: prints ONE JSON line when ready, stops on SIGINT / SIGTERM.
//   tsx test/harness/emulator/cli.ts [--seed <file>] [--port N] [--ca-dir DIR] [--expose-issued-passes] [--log]
// --ca-dir signs the certificate with DIR/ca.pem + DIR/ca.key (e.g. .local/test-ca). --log writes
// each request-log entry as a JSON line on stderr.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultSeedPath } from './default-seed';
import { startEmulator } from './server';
import { type CertificateAuthority } from './tls';

function certificateAuthority(dir: string): CertificateAuthority {
  try {
    return { certPem: readFileSync(path.join(dir, 'ca.pem'), 'utf8'), keyPem: readFileSync(path.join(dir, 'ca.key'), 'utf8') };
  } catch {
    throw new Error(`--ca-dir ${dir} needs ca.pem and ca.key`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      port: { type: 'string', default: '0' },
      'ca-dir': { type: 'string' },
      'expose-issued-passes': { type: 'boolean', default: false },
      log: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"`);
  const seed = path.resolve(values.seed ?? defaultSeedPath());
  const emulator = await startEmulator({
    seed,
    port,
    ...(values['ca-dir'] ? { ca: certificateAuthority(values['ca-dir']) } : {}),
    exposeIssuedPasses: values['expose-issued-passes'],
    ...(values.log ? { log: (line: object) => process.stderr.write(`${JSON.stringify(line)}\n`) } : {}),
  });
  const { graphUrl, tokenUrl, authorityHost, tenantId, clientId, caCertPath } = emulator;
  process.stdout.write(`${JSON.stringify({ ready: true, graphUrl, tokenUrl, authorityHost, tenantId, clientId, caCertPath })}\n`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // One clear line, no stack: the message names the file or option at fault.
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

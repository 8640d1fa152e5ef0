// Runs a command (mocha) trusting a test CA: the emulator's HTTPS certificates are signed with it,
// so in-process Graph and Entra calls verify TLS like production. NODE_EXTRA_CA_CERTS is read only at
// process start, hence this launcher. The CA is made once under .local/test-ca/ (git-ignored) and
// reused until it nears expiry.
//   node test/support/with-test-ca.cjs mocha "test/integration/**/*.int.spec.ts"
const { spawn } = require('node:child_process');
const { X509Certificate } = require('node:crypto');
const { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const CA_DIR = path.join(ROOT, '.local', 'test-ca');
const CERT = path.join(CA_DIR, 'ca.pem');
const KEY = path.join(CA_DIR, 'ca.key');
const DAY_MS = 86_400_000;

function usable() {
  if (!existsSync(CERT) || !existsSync(KEY)) return false;
  try {
    return Date.parse(new X509Certificate(readFileSync(CERT)).validTo) > Date.now() + 7 * DAY_MS;
  } catch {
    return false;
  }
}

async function ensureCa() {
  if (usable()) return;
  const selfsigned = require('selfsigned');
  const now = Date.now();
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'TAP Desk test CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  // Write beside, then rename: two launchers starting together never see half a CA.
  mkdirSync(path.dirname(CA_DIR), { recursive: true });
  const staging = mkdtempSync(path.join(path.dirname(CA_DIR), 'test-ca-'));
  writeFileSync(path.join(staging, 'ca.key'), ca.private, { mode: 0o600 });
  writeFileSync(path.join(staging, 'ca.pem'), ca.cert);
  if (usable()) return rmSync(staging, { recursive: true, force: true });
  rmSync(CA_DIR, { recursive: true, force: true });
  renameSync(staging, CA_DIR);
}

function resolveCommand(command) {
  const local = path.join(ROOT, 'node_modules', '.bin', command);
  if (existsSync(local)) return local;
  if (process.platform === 'win32' && existsSync(`${local}.cmd`)) return `${local}.cmd`;
  return command;
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    process.stderr.write('usage: node test/support/with-test-ca.cjs <command> [args...]\n');
    process.exit(2);
  }
  await ensureCa();
  const child = spawn(resolveCommand(command), args, {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: CERT, TAPDESK_TEST_CA_DIR: CA_DIR },
  });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`with-test-ca: cannot run ${command}: ${error.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // End the same way the child did, so callers see the signal.
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeListener(s, forward);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

main().catch((error) => {
  process.stderr.write(`with-test-ca: ${error.message}\n`);
  process.exit(1);
});

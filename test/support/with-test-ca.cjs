// Runs a command (mocha) trusting a test CA: the emulator's HTTPS certificates are signed with it,
// so in-process Graph and Entra calls verify TLS like production. NODE_EXTRA_CA_CERTS is read only
// at process start, hence this launcher. The CA is made once under .local/test-ca/ (git-ignored).
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

async function main() {
  const root = path.resolve(__dirname, '../..');
  const dir = path.join(root, '.local', 'test-ca');
  const certPath = path.join(dir, 'ca.pem');
  const keyPath = path.join(dir, 'ca.key');
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    const selfsigned = require('selfsigned');
    const ca = await selfsigned.generate([{ name: 'commonName', value: 'TAP Desk test CA' }], {
      days: 365,
      keySize: 2048,
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    });
    mkdirSync(dir, { recursive: true });
    writeFileSync(keyPath, ca.private, { mode: 0o600 });
    writeFileSync(certPath, ca.cert);
  }
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    process.stderr.write('usage: with-test-ca.cjs <command> [args...]\n');
    process.exit(2);
  }
  const local = path.join(root, 'node_modules', '.bin', command);
  const child = spawn(existsSync(local) ? local : command, args, {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath, TAPDESK_TEST_CA_DIR: dir },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error) => {
  process.stderr.write(`with-test-ca: ${error.message}\n`);
  process.exit(1);
});

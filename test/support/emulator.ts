// The emulated tenant for tests, its certificate signed by the test CA that this process trusts
// (see with-test-ca.cjs), so Graph and Entra calls verify TLS as in production.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator';

export const CONTOSO = path.resolve(__dirname, '../../../shared/tenant/contoso.json');

export function testCa(): { certPem: string; keyPem: string } {
  const dir = process.env.TAPDESK_TEST_CA_DIR;
  if (!dir) throw new Error('run integration tests through test/support/with-test-ca.cjs (npm run test:int)');
  return { certPem: readFileSync(path.join(dir, 'ca.pem'), 'utf8'), keyPem: readFileSync(path.join(dir, 'ca.key'), 'utf8') };
}

export function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({ seed: CONTOSO, ca: testCa(), ...options });
}

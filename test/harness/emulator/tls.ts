// The emulator's HTTPS certificate: a leaf for 127.0.0.1 and localhost, signed by a given CA (tests
// trust theirs through NODE_EXTRA_CA_CERTS) or by a CA made here. Graph clients attach tokens only
// over https, so the emulator cannot be plain http.
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';

export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
}

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
  ca: CertificateAuthority;
  /** The CA certificate in a temp file, e.g. for NODE_EXTRA_CA_CERTS of a child process. */
  caCertPath: string;
  /** Removes the temp file. */
  dispose(): void;
}

const DAY_MS = 86_400_000;

/** A CA for one emulator run (EC keys: made in milliseconds). */
export async function makeCertificateAuthority(
  commonName = 'TAP Desk emulator CA',
  days = 30,
  keyType: 'ec' | 'rsa' = 'ec',
): Promise<CertificateAuthority> {
  const now = new Date();
  const ca = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keyType,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + days * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { certPem: ca.cert, keyPem: ca.private };
}

export async function makeServerCertificate(given?: CertificateAuthority): Promise<ServerCertificate> {
  const ca = given ?? (await makeCertificateAuthority());
  // selfsigned signs with the CA's key using the leaf's key type, so the leaf follows the CA.
  const keyType = createPrivateKey(ca.keyPem).asymmetricKeyType === 'ec' ? 'ec' : 'rsa';
  const now = new Date();
  const leaf = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 7 * DAY_MS),
    ca: { key: ca.keyPem, cert: ca.certPem },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: keyType === 'rsa', critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'tapdesk-emulator-'));
  const caCertPath = path.join(dir, 'ca.pem');
  writeFileSync(caCertPath, ca.certPem);
  return { certPem: leaf.cert, keyPem: leaf.private, ca, caCertPath, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

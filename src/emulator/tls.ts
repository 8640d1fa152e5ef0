// The emulator's HTTPS certificate: a leaf for 127.0.0.1/localhost made at start, signed by a given
// CA (tests trust it through NODE_EXTRA_CA_CERTS) or by a CA made here too.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';

export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
}

export async function makeCa(): Promise<CertificateAuthority> {
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'TAP Desk emulator CA' }], {
    days: 30,
    keySize: 2048,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  } as never);
  return { certPem: ca.cert, keyPem: ca.private };
}

export async function makeServerCertificate(ca?: CertificateAuthority): Promise<{ cert: string; key: string; ca: CertificateAuthority; caCertPath: string }> {
  const authority = ca ?? (await makeCa());
  const leaf = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    days: 7,
    keySize: 2048,
    ca: { key: authority.keyPem, cert: authority.certPem },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  } as never);
  const dir = mkdtempSync(path.join(tmpdir(), 'tapdesk-emulator-'));
  const caCertPath = path.join(dir, 'ca.pem');
  writeFileSync(caCertPath, authority.certPem);
  return { cert: leaf.cert, key: leaf.private, ca: authority, caCertPath };
}

// /readyz over real HTTP when checks fail: an anonymous caller (or a wrong key) learns "not ready" and
// nothing else — no permission names, licence tier or error text — while the key holder sees it all.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { createHttpServer, type ReadinessCheck } from '../../../src/http/server';
import { createLogger } from '../../../src/logger';
import type { TapDeskAdapter } from '../../../src/teams/adapter';

const KEY = 'readyz-access-test-key-0123456789abcdef';
const SECRETS = ['UserAuthMethod-TAP.Read.All', 'RoleManagement.Read.Directory', 'AADSTS7000215', 'p2', 'storage account unreachable'];

const CHECKS: ReadinessCheck[] = [
  { name: 'storage', run: async () => Promise.reject(new Error('storage account unreachable: AADSTS7000215 invalid client')) },
  {
    name: 'graph-token',
    run: async () => ({
      ok: false,
      detail: 'missing Graph application permissions',
      missing: ['UserAuthMethod-TAP.Read.All', 'RoleManagement.Read.Directory'],
      licences: { p1: true, p2: false },
    }),
  },
];

describe('/readyz when not ready: details only with the key', () => {
  let server: Server;
  let url: string;

  before(async () => {
    server = createHttpServer({
      adapter: {} as TapDeskAdapter,
      logic: async () => undefined,
      readiness: CHECKS,
      logger: createLogger({ level: 'silent' }),
      maxBodyBytes: 1024,
      inFlight: { enter: () => undefined, leave: () => undefined, draining: () => false },
      readinessKey: KEY,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`;
  });

  after(() => server.close());

  it('anonymous, empty or wrong key: 503 {"status":"not ready"} and nothing more', async () => {
    for (const headers of [{}, { 'x-readyz-key': '' }, { 'x-readyz-key': KEY.toUpperCase() }] as Array<Record<string, string>>) {
      const response = await fetch(url, { headers });
      assert.equal(response.status, 503);
      const text = await response.text();
      assert.deepEqual(JSON.parse(text), { status: 'not ready' });
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} leaked`);
    }
  });

  it('with the key: every check, what is missing, and the error text', async () => {
    const response = await fetch(url, { headers: { 'X-Readyz-Key': KEY } });
    assert.equal(response.status, 503);
    const body = (await response.json()) as { checks: Array<{ name: string; ok: boolean; detail?: string; missing?: string[] }> };
    assert.deepEqual(
      body.checks.map((c) => [c.name, c.ok]),
      [
        ['storage', false],
        ['graph-token', false],
      ],
    );
    assert.match(body.checks[0]?.detail ?? '', /AADSTS7000215/);
    assert.deepEqual(body.checks[1]?.missing, ['UserAuthMethod-TAP.Read.All', 'RoleManagement.Read.Directory']);
  });
});

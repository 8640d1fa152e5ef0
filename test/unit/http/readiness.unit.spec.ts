// /readyz per issuance mode: delegated mode needs TAP read, not TAP write, and says which mode runs.
import assert from 'node:assert/strict';
import { createReadinessChecks, missingPermissions, REQUIRED_PERMISSIONS } from '../../../src/http/readiness';
import type { Directory, Stores } from '../../../src/app/kernel/ports';

const READS = REQUIRED_PERMISSIONS.map((p) => p.name).filter((p) => p !== 'UserAuthMethod-TAP.ReadWrite.All');

function tokenWith(roles: string[]): string {
  return `x.${Buffer.from(JSON.stringify({ roles })).toString('base64url')}.y`;
}

describe('/readyz and the issuance mode', () => {
  it('application mode requires the TAP write permission; delegated mode only TAP read', () => {
    assert.deepEqual(missingPermissions([...READS, 'UserAuthMethod-TAP.Read.All']), ['UserAuthMethod-TAP.ReadWrite.All']);
    assert.deepEqual(missingPermissions([...READS, 'UserAuthMethod-TAP.Read.All'], 'delegated'), []);
    // UserAuthenticationMethod.Read.All is optional (it degrades the pass follow-up alone), and it reads passes too.
    assert.deepEqual(missingPermissions(READS, 'delegated'), ['UserAuthMethod-TAP.Read.All']);
    assert.deepEqual(missingPermissions([...READS, 'UserAuthenticationMethod.Read.All'], 'delegated'), []);
  });

  it('says which mode runs, and that a TAP write permission is not needed in delegated mode', async () => {
    const checks = createReadinessChecks({
      stores: { ping: async () => undefined } as unknown as Stores,
      credential: {
        getToken: async () => ({
          token: tokenWith([...READS, 'UserAuthMethod-TAP.ReadWrite.All']),
          expiresOnTimestamp: Date.now() + 3_600_000,
        }),
      },
      directory: { tapPolicy: async () => ({}), licences: async () => ({ p1: true, p2: true }) } as unknown as Directory,
      issuance: 'delegated',
    });
    const results = Object.fromEntries(await Promise.all(checks.map(async (c) => [c.name, await c.run()] as const)));
    assert.match(results.issuance?.detail ?? '', /^delegated/);
    assert.equal(results['graph-token']?.ok, true);
    assert.match(results['graph-token']?.detail ?? '', /does not need UserAuthMethod-TAP\.ReadWrite\.All/);
    // Issuing needs no app write permission in delegated mode: the capability stays ok, with a note saying whose rights create the pass.
    const issue = (
      results['graph-token'] as unknown as { capabilities: Array<{ id: string; status: string; notes: string[] }> }
    ).capabilities.find((c) => c.id === 'issue');
    assert.equal(issue?.status, 'ok');
    assert.match(issue?.notes.join(' ') ?? '', /delegated issuance/);
  });
});

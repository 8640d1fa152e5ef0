// The bot reads a target's pass through the TAP endpoint (/authentication/temporaryAccessPassMethods),
// whose least permission is UserAuthMethod-TAP.Read.All, not through /authentication/methods, which needs
// UserAuthenticationMethod.Read.All. So a tenant that granted only the TAP permissions still sees a live
// pass before a new one replaces it, and settles an ambiguous create, while the other methods stay unknown.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Emulator } from '../../harness/emulator';
import { createGraphClient } from '../../../src/graph/client';
import { GraphDirectory } from '../../../src/graph/directory';
import { createLogger } from '../../../src/logger';
import { DEMO_TENANT_SEED } from '../../support/fixture-paths';
import { graphCaller, startTestEmulator } from '../../support/emulator';
import { PEOPLE } from '../emulator/contoso-people';

function tapOnlySeed(): object {
  const seed = JSON.parse(readFileSync(DEMO_TENANT_SEED, 'utf8'));
  const app = seed.applications[0];
  app.grantedApplicationPermissions = app.grantedApplicationPermissions.filter((p: string) => !p.startsWith('UserAuthenticationMethod.'));
  assert.ok(app.grantedApplicationPermissions.includes('UserAuthMethod-TAP.ReadWrite.All'));
  return seed;
}

describe('Graph directory: the pass is read through the TAP endpoint', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let directory: GraphDirectory;

  before(async () => {
    emulator = await startTestEmulator({ seed: tapOnlySeed() });
    const { client } = createGraphClient({
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      authorityHost: emulator.authorityHost,
      graphBaseUrl: emulator.graphUrl,
    });
    directory = new GraphDirectory(client, {
      policyCacheSeconds: 0,
      clock: { now: () => new Date() },
      logger: createLogger({ level: 'silent' }),
    });
  });
  after(async () => {
    await emulator?.close();
  });

  it('with only UserAuthMethod-TAP.* granted, the generic methods list is refused (as Graph documents)', async () => {
    const call = await graphCaller(emulator);
    assert.equal((await call('GET', `/users/${PEOPLE.lidiah}/authentication/methods`)).status, 403);
    assert.equal((await call('GET', `/users/${PEOPLE.lidiah}/authentication/temporaryAccessPassMethods`)).status, 200);
  });

  it("Lidia's live pass is known when filing and approving; her other methods are not", async () => {
    const facts = await directory.decisionFacts({ targetId: PEOPLE.lidiah! });
    assert.ok(facts.target);
    assert.equal(facts.target.tap.known, true, JSON.stringify(facts.target.tap));
    assert.equal(facts.target.tap.known && facts.target.tap.value?.isUsable, true);
    assert.equal(facts.target.methods.known, false);
  });

  it('the same for a diagnosis, and for listing the passes to settle a create', async () => {
    const diagnosis = await directory.diagnosisFacts(PEOPLE.lidiah!, { symptom: 'tap-not-accepted', reaching: null, reportedCode: null });
    assert.equal(diagnosis?.target.tap.known, true);
    const passes = await directory.listPasses(PEOPLE.lidiah!);
    assert.equal(passes.length, 1);
  });
});

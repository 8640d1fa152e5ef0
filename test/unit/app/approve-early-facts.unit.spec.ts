// The approval asks Graph for the target's facts beside the request read when this instance knows
// whom the request is for (request-targets), and never decides on facts of a guess that was wrong.
import assert from 'node:assert/strict';
import type { UseCaseDeps } from '../../../src/app/kernel/deps';
import type { CreatedPass, DecisionFacts, Directory, Versioned } from '../../../src/app/kernel/ports';
import { approve } from '../../../src/app/requests/decide';
import { RequestTargets } from '../../../src/app/requests/targets';
import { decide } from '../../../src/domain/request';
import type { PassSpec, TapRequest } from '../../../src/domain/request-types';
import { createLogger } from '../../../src/logger';
import { createMemoryStores } from '../../harness/memory-stores';
import { issuerFactsFor, loadSeed, personFor, policyFor, targetFactsFor } from '../../support/seed-facts';

const seed = loadSeed();
const alex = personFor(seed, 'alexw');
const adele = personFor(seed, 'adelev');
const NOW = new Date();

function filed(id: string): TapRequest {
  const result = decide(
    null,
    {
      type: 'file',
      id,
      requester: alex,
      target: alex,
      reason: { code: 'lost-device', text: null },
      pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null },
      delivery: 'approver',
      ttlMinutes: 30,
      replacesLivePass: false,
    },
    NOW,
  );
  if (!result.ok) assert.fail(JSON.stringify(result.error));
  return result.value;
}

function setUp() {
  const stores = createMemoryStores();
  const asked: string[] = [];
  const created: string[] = [];
  let readsWaiting = 0;
  let release: () => void = () => undefined;
  const gate = { held: false };
  const get = stores.requests.get.bind(stores.requests);
  // Reads of the request wait while the gate is held, to see what is asked meanwhile.
  stores.requests.get = async (id: string): Promise<Versioned<TapRequest> | null> => {
    if (gate.held) {
      readsWaiting += 1;
      await new Promise<void>((resolve) => (release = resolve));
    }
    return get(id);
  };
  const directory = {
    async decisionFacts(input: { targetId: string; actorId?: string }): Promise<DecisionFacts> {
      asked.push(input.targetId);
      const known = seed.users.some((u: { id: string }) => u.id === input.targetId);
      return {
        target: known ? targetFactsFor(seed, input.targetId, NOW) : null,
        actor: issuerFactsFor(seed, input.actorId ?? '', NOW),
        policy: policyFor(seed),
      };
    },
    async createPass(targetId: string, spec: PassSpec): Promise<CreatedPass> {
      created.push(targetId);
      const at = new Date().toISOString();
      return {
        id: `tap-${created.length}`,
        value: 'never-logged',
        createdDateTime: at,
        startDateTime: at,
        lifetimeInMinutes: spec.lifetimeInMinutes,
        isUsableOnce: spec.isUsableOnce,
        expiresAt: at,
      };
    },
  } as unknown as Directory;
  const deps = {
    config: { passIssuance: 'application', refuseHighRisk: true },
    stores,
    directory,
    notifier: { requestChanged: async () => undefined },
    clock: { now: () => new Date() },
    logger: createLogger({ level: 'silent' }),
    requestTargets: new RequestTargets(),
  } as unknown as UseCaseDeps;
  return { deps, stores, asked, created, gate, readsWaiting: () => readsWaiting, release: () => release() };
}

const input = (requestId: string) => ({ requestId, actorId: adele.id, verification: 'call-back' as const, verificationNote: null });

describe('approve: the facts beside the request read', () => {
  it('a request this instance filed or read has its facts asked while it is read, once', async () => {
    const t = setUp();
    const stored = await t.stores.requests.create(filed('TAP-0001'));
    t.deps.requestTargets.remember(stored.value);
    t.gate.held = true;
    const outcome = approve(t.deps, input('TAP-0001'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(t.readsWaiting(), 1, 'the read is still waiting');
    assert.deepEqual(t.asked, [alex.id], 'the facts were asked before the read answered');
    t.release();
    assert.equal((await outcome).kind, 'issued');
    assert.deepEqual(t.asked, [alex.id]);
    assert.deepEqual(t.created, [alex.id]);
  });

  it('an unknown request is read first, then its facts asked', async () => {
    const t = setUp();
    await t.stores.requests.create(filed('TAP-0002'));
    t.gate.held = true;
    const outcome = approve(t.deps, input('TAP-0002'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(t.asked, []);
    t.release();
    assert.equal((await outcome).kind, 'issued');
    assert.deepEqual(t.asked, [alex.id]);
  });

  it('a wrong guess is never decided on: the facts of the target the request names are asked and used', async () => {
    const t = setUp();
    await t.stores.requests.create(filed('TAP-0003'));
    t.deps.requestTargets.remember({ id: 'TAP-0003', target: adele });
    const outcome = await approve(t.deps, input('TAP-0003'));
    assert.equal(outcome.kind, 'issued');
    assert.deepEqual(t.asked, [adele.id, alex.id]);
    assert.deepEqual(t.created, [alex.id], 'the pass is for the target the stored request names');
  });
});

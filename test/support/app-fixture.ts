// The use cases over the in-memory stores and a Graph stand-in whose facts are the emulator's own seed
// → Graph projection (seed-facts.ts): fast specifications of src/app without HTTP, emulator or Azurite.
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createUseCases } from '../../src/app';
import type { Actor } from '../../src/app/kernel/actor';
import type { UseCaseDeps } from '../../src/app/kernel/deps';
import {
  type ApproverSessions,
  type ApproverWriter,
  type CreatedPass,
  type DecisionFacts,
  type Directory,
  DirectoryError,
  type NotMeAlert,
  type Notifier,
  type RequestEvent,
} from '../../src/app/kernel/ports';
import type { PassSpec, TapRequest } from '../../src/domain/request-types';
import type { MethodFact, TapFact, UserFact } from '../../src/domain/facts';
import { createMemoryStores, type MemoryStores } from '../harness/memory-stores';
import { RequestTargets } from '../../src/app/requests/targets';
import { issuerFactsFor, loadSeed, personFor, policyFor, targetFactsFor, type Seed } from './seed-facts';

const seed: Seed = loadSeed();

export function actor(upn: string): Actor {
  const person = personFor(seed, upn);
  return { id: person.id, userPrincipalName: null, name: person.displayName };
}

/** What a create does this time: make the pass, fail plainly, or make it and lose Graph's answer. */
export type CreateBehaviour = 'ok' | 'ambiguous-created' | 'ambiguous-not-created' | DirectoryError;

/** Graph as the seed says at the clock's time; passes are kept here, so creates, lists and deletes agree. */
export class SeedDirectory implements Directory {
  readonly passes = new Map<string, TapFact[]>();
  readonly deleted: string[] = [];
  creates = 0;
  nextCreate: CreateBehaviour = 'ok';

  constructor(private readonly clock: { now(): Date }) {}

  async decisionFacts(input: { targetId: string; actorId?: string }): Promise<DecisionFacts> {
    const now = this.clock.now();
    const target = exists(input.targetId) ? targetFactsFor(seed, input.targetId, now) : null;
    const actorFacts = input.actorId ? issuerFactsFor(seed, input.actorId, now) : null;
    return { target, actor: actorFacts, policy: policyFor(seed) };
  }
  async actorFacts(actorId: string) {
    return issuerFactsFor(seed, actorId, this.clock.now());
  }
  async tapPolicy() {
    return policyFor(seed);
  }
  async findUsers(query: string): Promise<UserFact[]> {
    return exists(query) ? [targetFactsFor(seed, query, this.clock.now()).user] : [];
  }
  async createPass(targetId: string, spec: PassSpec): Promise<CreatedPass> {
    this.creates += 1;
    const behaviour = this.nextCreate;
    this.nextCreate = 'ok';
    if (behaviour instanceof DirectoryError) throw behaviour;
    if (behaviour === 'ambiguous-not-created')
      throw new DirectoryError('ambiguous', null, 'Could not create the pass: the connection dropped');
    const now = this.clock.now();
    const fact: TapFact = {
      id: `pass-${this.creates}`,
      createdDateTime: now.toISOString(),
      startDateTime: spec.startDateTime ?? now.toISOString(),
      lifetimeInMinutes: spec.lifetimeInMinutes,
      isUsableOnce: spec.isUsableOnce,
      isUsable: true,
      methodUsabilityReason: 'EnabledByPolicy',
    };
    this.passes.set(targetId, [fact, ...(this.passes.get(targetId) ?? [])]);
    if (behaviour === 'ambiguous-created') throw new DirectoryError('ambiguous', null, 'Could not create the pass: no answer');
    const expiresAt = new Date(Date.parse(fact.startDateTime) + spec.lifetimeInMinutes * 60_000).toISOString();
    return {
      id: fact.id,
      createdDateTime: fact.createdDateTime,
      startDateTime: fact.startDateTime,
      lifetimeInMinutes: fact.lifetimeInMinutes,
      isUsableOnce: fact.isUsableOnce,
      expiresAt,
      value: 'the-pass-value',
    };
  }
  async listPasses(targetId: string): Promise<TapFact[]> {
    return this.passes.get(targetId) ?? [];
  }
  readonly sessionsRevoked: string[] = [];
  async revokeSignInSessions(userId: string): Promise<void> {
    this.sessionsRevoked.push(userId);
  }
  async deletePass(targetId: string, passId: string): Promise<void> {
    this.deleted.push(passId);
    this.passes.set(
      targetId,
      (this.passes.get(targetId) ?? []).filter((p) => p.id !== passId),
    );
  }
  /** Methods registered since the seed (a person setting up a passkey), by user id. */
  readonly registered = new Map<string, MethodFact[]>();
  async signInMethods(userId: string): Promise<{ methods: MethodFact[]; tap: TapFact | null }> {
    const seeded = targetFactsFor(seed, userId, this.clock.now()).methods;
    const methods = [...(seeded.known ? seeded.value : []), ...(this.registered.get(userId) ?? [])];
    return { methods, tap: this.passes.get(userId)?.[0] ?? null };
  }
  diagnosisFacts(): never {
    throw new Error('not used by these specifications');
  }
  licences(): never {
    throw new Error('not used by these specifications');
  }
  grantedPermissions(): never {
    throw new Error('not used by these specifications');
  }
}

function exists(upnOrId: string): boolean {
  try {
    personFor(seed, upnOrId);
    return true;
  } catch {
    return false;
  }
}

/** Delegated issuance: one approver's held on-behalf-of writer, which Entra may refuse. */
export function heldSession(
  approverId: string,
  directory: SeedDirectory,
  refuse: DirectoryError | null,
): ApproverSessions & { forgotten: number } {
  const state = { forgotten: 0 };
  const writer: ApproverWriter = {
    approverId,
    forget: () => {
      state.forgotten += 1;
    },
    createPass: (targetId, spec) => (refuse ? Promise.reject(refuse) : directory.createPass(targetId, spec)),
    listPasses: (targetId) => directory.listPasses(targetId),
    deletePass: (targetId, passId) => directory.deletePass(targetId, passId),
    revokeSignInSessions: (userId) => directory.revokeSignInSessions(userId),
  };
  return {
    writerFor: (id) => (id === approverId ? writer : null),
    exchange: async () => ({ ok: true, expiresAt: 0 }),
    adopt: () => undefined,
    get forgotten() {
      return state.forgotten;
    },
  };
}

export interface AppFixture {
  useCases: ReturnType<typeof createUseCases>;
  stores: MemoryStores;
  directory: SeedDirectory;
  /** Every notice the use cases sent, in order. */
  notices: Array<{ id: string; event: RequestEvent | 'offer-removal'; status: TapRequest['status'] }>;
  /** Every "This wasn't me" alert the use cases sent to the help desk, in order. */
  notMeAlerts: NotMeAlert[];
  clock: { now(): Date; set(at: Date): void; advanceMinutes(minutes: number): void };
  config: Config;
}

export const T0 = new Date('2025-06-02T10:00:00Z');

export function appFixture(
  options: Partial<Pick<Config, 'passDelivery' | 'passIssuance'>> & { sessions?: (directory: SeedDirectory) => ApproverSessions } = {},
): AppFixture {
  let now = T0;
  const clock = {
    now: () => now,
    set: (at: Date) => {
      now = at;
    },
    advanceMinutes: (minutes: number) => {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  };
  const stores = createMemoryStores();
  const directory = new SeedDirectory(clock);
  const notices: AppFixture['notices'] = [];
  const notMeAlerts: NotMeAlert[] = [];
  const notifier: Notifier = {
    requestChanged: async (request, event) => {
      notices.push({ id: request.id, event, status: request.status });
    },
    offerRemoval: async (request) => {
      notices.push({ id: request.id, event: 'offer-removal', status: request.status });
      return true;
    },
    notMe: async (alert) => {
      notMeAlerts.push(alert);
    },
  };
  const base = loadConfig({
    TAPDESK_MODE: 'demo',
    TENANT_ID: '510a7fe1-50f4-5852-90b4-23956de2d650',
    GRAPH_CLIENT_ID: 'cdee8871-46ba-582c-b71d-34b3cf75d53a',
    GRAPH_CLIENT_SECRET: 's',
    STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
  });
  const config: Config = {
    ...base,
    ...(options.passDelivery ? { passDelivery: options.passDelivery } : {}),
    ...(options.passIssuance ? { passIssuance: options.passIssuance } : {}),
  };
  const deps: UseCaseDeps = {
    config,
    stores,
    directory,
    notifier,
    clock,
    logger: createLogger({ level: 'silent' }),
    approverSessions: options.sessions?.(directory) ?? null,
    requestTargets: new RequestTargets(),
  };
  return { useCases: createUseCases(deps), stores, directory, notices, notMeAlerts, clock, config };
}

/** Files a request as `requester` for `target` through the use case, and returns it. */
export async function filed(fixture: AppFixture, requester: Actor, target: string): Promise<TapRequest> {
  const outcome = await fixture.useCases.submitRequest({
    actorId: requester.id,
    target,
    reason: { code: 'lost-device', text: null },
    lifetimeInMinutes: 60,
    isUsableOnce: null,
    startDateTime: null,
  });
  if (outcome.kind !== 'filed') throw new Error(`expected a filed request, got ${JSON.stringify(outcome)}`);
  return outcome.request;
}

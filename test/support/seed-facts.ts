// Domain facts from a tenant seed (test/fixtures/seeds/README.md format): the emulator answers, in process,
// the Graph requests the bot's directory makes for a person at a given moment, and the bot's own
// mappers turn the answers into facts. Rule tests thus see the seed exactly as the integration tests
// see it over HTTPS: one projection of seed into Graph, the emulator's. Works with any seed file.
/* eslint-disable @typescript-eslint/no-explicit-any -- seed objects are Graph resource JSON */
import { readFileSync } from 'node:fs';
import type { IssuerFacts, TapPolicyFacts, TargetFacts } from '../../src/domain/facts';
import type { PersonRef } from '../../src/domain/request-types';
import { GROUP_ELIGIBILITY_ITEM, POLICY_URL, actorItems, targetItems } from '../../src/graph/directory';
import { type Part, type TargetParts, failedPart, okPart, toIssuerFacts, toTapPolicy, toTargetFacts } from '../../src/graph/facts-mapper';
import type { BatchItem } from '../../src/graph/graph-http';
import { OPTIONAL_PERMISSIONS, REQUIRED_PERMISSIONS } from '../../src/http/readiness';
import { DEMO_TENANT_SEED } from '../harness/emulator/default-seed';
import { type InProcessAnswer, InProcessGraph } from '../harness/emulator/in-process';

export { durationMs, resolveTime } from '../harness/emulator/relative-time';

export const CONTOSO_SEED = DEMO_TENANT_SEED;

export type Seed = Record<string, any> & { users: any[] };

const lower = (v: unknown) => String(v ?? '').toLowerCase();

export function loadSeed(file: string = CONTOSO_SEED): Seed {
  const seed = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(seed?.users)) throw new Error(`${file}: not a tenant seed (no users[])`);
  return seed;
}

// Loading a seed into an emulated tenant is the slow part: one per seed object and moment.
const tenants = new WeakMap<Seed, Map<number, InProcessGraph>>();

/**
 * Every permission the bot asks for (readiness lists them; infra grants them): rule tests see the bot
 * as deployed, whatever a seed grants its demo app. Tests of a missing one replace that Graph answer.
 */
const DEPLOYED_PERMISSIONS = [...REQUIRED_PERMISSIONS.map((p) => p.name), ...OPTIONAL_PERMISSIONS];

/** The emulated Graph of this seed, its relative times resolved at `now`. */
export function graphAt(seed: Seed, now: Date): InProcessGraph {
  const byTime = tenants.get(seed) ?? new Map<number, InProcessGraph>();
  tenants.set(seed, byTime);
  const graph = byTime.get(now.getTime()) ?? new InProcessGraph(seed, now, { permissions: DEPLOYED_PERMISSIONS });
  byTime.set(now.getTime(), graph);
  return graph;
}

/** A Graph answer as the directory hands it to the mappers (see `part` in src/graph/directory.ts). */
export function partOf(answer: InProcessAnswer | undefined): Part {
  if (!answer) return failedPart(0);
  return answer.status >= 200 && answer.status < 300 ? okPart(answer.body) : failedPart(answer.status, answer.code);
}

/** Answers to the directory's own batch items, by item id. */
function answer(graph: InProcessGraph, items: readonly BatchItem[]): Map<string, InProcessAnswer> {
  return new Map(items.map((item) => [item.id, graph.get(item.url)]));
}

/** A seed user by object id, UPN, or the alias before the @ of the UPN or mail (test shorthand, not Graph). */
function seedUser(seed: Seed, upnOrId: string): any {
  const key = lower(upnOrId);
  const names = (u: any) => [
    lower(u.id),
    lower(u.userPrincipalName),
    lower(u.userPrincipalName).split('@')[0],
    lower(u.mail).split('@')[0],
  ];
  const user = seed.users.find((u) => names(u).includes(key));
  if (!user) throw new Error(`no user ${upnOrId} in the seed`);
  return user;
}

/** The Graph answers for a target, as the emulated tenant gives them at `now`. */
export function targetPartsFor(seed: Seed, upnOrId: string, now: Date): TargetParts {
  const answers = answer(graphAt(seed, now), targetItems(String(seedUser(seed, upnOrId).id)));
  const user = answers.get('t-user');
  if (user?.status !== 200) throw new Error(`the emulator did not return ${upnOrId}: ${user?.status} ${user?.code}`);
  return {
    user: user.body,
    transitiveMemberOf: partOf(answers.get('t-member')),
    administrativeUnits: partOf(answers.get('t-units')),
    ownedObjects: partOf(answers.get('t-owned')),
    groupEligibilitySchedules: partOf(answers.get(GROUP_ELIGIBILITY_ITEM)),
    roleAssignments: partOf(answers.get('t-roles')),
    roleEligibilitySchedules: partOf(answers.get('t-eligible')),
    methods: partOf(answers.get('t-methods')),
    riskyUser: partOf(answers.get('t-risk')),
    manager: partOf(answers.get('t-manager')),
  };
}

/** A target's facts; `overrides` replaces Graph answers, e.g. `{ riskyUser: failedPart(403) }`. */
export function targetFactsFor(seed: Seed, upnOrId: string, now: Date, overrides: Partial<TargetParts> = {}): TargetFacts {
  return toTargetFacts({ ...targetPartsFor(seed, upnOrId, now), ...overrides });
}

export function issuerFactsFor(seed: Seed, upnOrId: string, now: Date): IssuerFacts {
  const answers = answer(graphAt(seed, now), actorItems(String(seedUser(seed, upnOrId).id)));
  const user = answers.get('a-user');
  if (user?.status !== 200) throw new Error(`the emulator did not return ${upnOrId}: ${user?.status} ${user?.code}`);
  return toIssuerFacts({
    user: user.body,
    transitiveMemberOf: partOf(answers.get('a-member')),
    roleAssignments: partOf(answers.get('a-roles')),
    roleEligibilitySchedules: partOf(answers.get('a-eligible')),
  });
}

export function policyFor(seed: Seed): TapPolicyFacts {
  const policy = graphAt(seed, new Date(0)).get(POLICY_URL);
  if (policy.status !== 200) throw new Error(`the emulator did not return the TAP policy: ${policy.status} ${policy.code}`);
  return toTapPolicy(policy.body);
}

export function personFor(seed: Seed, upnOrId: string): PersonRef {
  const user = seedUser(seed, upnOrId);
  return { id: lower(user.id), userPrincipalName: user.userPrincipalName, displayName: user.displayName };
}

/** Every user's UPN in seed order. */
export function upnsOf(seed: Seed): string[] {
  return seed.users.map((u) => String(u.userPrincipalName));
}

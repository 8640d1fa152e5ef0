// The Directory port over Microsoft Graph: the facts for a decision in one `$batch`, and the TAP writes.
import type { Client } from '@microsoft/microsoft-graph-client';
import { type CreatedPass, type DecisionFacts, type DiagnosisContext, type Directory, DirectoryError, type Clock } from '../app/ports';
import type { IssuerFacts, TapFact, TapPolicyFacts, TargetFacts, UserFact } from '../domain/facts';
import type { DiagnosisFacts } from '../domain/diagnosis-facts';
import { SIGN_IN_WINDOW_HOURS, toDiagnosisFacts } from './diagnosis-mapper';
import type { PassSpec } from '../domain/request-types';
import type { Logger } from '../logger';
import { Roles } from '../domain/facts';
import { toIssuerFacts, toTapFact, toTapPolicy, toTargetFacts, toUserFact, type Part } from './facts-mapper';
import { type BatchItem, DEFAULT_GRAPH_HTTP, GraphHttp, type GraphHttpOptions, type GraphResponse, graphCode, graphMessage } from './graph-http';
import { directoryErrorFor } from './graph-errors';
import { WritePacer, type WritePacerOptions } from './write-pacer';

const USER_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'jobTitle',
  'department',
  'accountEnabled',
  'userType',
  'creationType',
  'externalUserState',
  'identities',
  'isManagementRestricted',
  'onPremisesSyncEnabled',
  'lastPasswordChangeDateTime',
  'signInActivity',
].join(',');

const MEMBER_SELECT = 'id,displayName,isAssignableToRole,roleTemplateId,isMemberManagementRestricted';
const UNIT_SELECT = 'id,displayName,isMemberManagementRestricted';
/**
 * What the PIM for Groups read serves: "is this person eligible for a role-assignable group" (the matrix
 * row a tenant-wide Authentication Administrator cannot serve). Needs PrivilegedEligibilitySchedule.Read.AzureADGroup
 * and Entra ID P2; without the answer the rules fail closed (a Privileged Authentication Administrator decides).
 * Endpoint and the required principalId/groupId filter: github.com/microsoftgraph/microsoft-graph-docs-contrib/
 * blob/main/api-reference/v1.0/api/privilegedaccessgroup-list-eligibilityschedules.md; `$expand=group` is
 * documented on the resource (…/resources/privilegedaccessgroupeligibilityschedule.md).
 */
export const GROUP_ELIGIBILITY_ITEM = 't-group-eligible';
const ISSUING_ROLES = [Roles.globalAdministrator, Roles.privilegedAuthenticationAdministrator, Roles.authenticationAdministrator];
export const POLICY_URL = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass';
const TAP_URL = (userId: string) => `/users/${encodeURIComponent(userId)}/authentication/temporaryAccessPassMethods`;

export interface GraphDirectoryOptions {
  policyCacheSeconds: number;
  clock: Clock;
  logger: Logger;
  http?: GraphHttpOptions;
  /** How TAP creates are paced when Graph throttles them. */
  tapWrites?: WritePacerOptions;
}

/**
 * A person waits on the Approve click for the create: past ten seconds they would give up, and a
 * pass created after that would be shown to nobody. Refused creates were never sent, so approving
 * again is safe.
 */
export const DEFAULT_TAP_WRITES: WritePacerOptions = { maxConcurrent: 8, maxWaitMs: 10_000 };

/** Graph ids and UPNs in URLs: anything else is refused before it reaches a URL. */
function safeId(value: string): string {
  if (!/^[A-Za-z0-9._@#$%'+-]{1,256}$/.test(value)) throw new DirectoryError('not-found', null, 'Not a valid user id');
  return value;
}

function part(response: GraphResponse | undefined): Part {
  if (!response) return { ok: false, status: 0, code: null };
  if (response.status >= 200 && response.status < 300) return { ok: true, body: response.body };
  return { ok: false, status: response.status, code: graphCode(response) };
}

export class GraphDirectory implements Directory {
  private readonly http: GraphHttp;
  private readonly tapWrites: WritePacer;
  /** A cache, not state: any instance may hold its own copy for a few minutes. */
  private policyCache: { value: TapPolicyFacts; until: number } | null = null;

  constructor(
    client: Client,
    private readonly options: GraphDirectoryOptions,
  ) {
    this.http = new GraphHttp(client, { logger: options.logger, ...(options.http ?? DEFAULT_GRAPH_HTTP) });
    this.tapWrites = new WritePacer(options.tapWrites ?? DEFAULT_TAP_WRITES);
  }

  async decisionFacts(input: { targetId: string; actorId?: string }): Promise<DecisionFacts> {
    const t = safeId(input.targetId);
    const items: BatchItem[] = targetItems(t);
    const cachedPolicy = this.cachedPolicy();
    if (!cachedPolicy) items.push({ id: 'policy', method: 'GET', url: POLICY_URL });
    const a = input.actorId ? safeId(input.actorId) : null;
    if (a) items.push(...actorItems(a));
    const answers = await this.http.batch(items);
    const policy = cachedPolicy ?? this.storePolicy(answers.get('policy'));
    return { target: targetFrom(answers), actor: a ? actorFrom(answers) : null, policy };
  }

  /** Everything "why can't I sign in?" looks at, in the same one `$batch`. */
  async diagnosisFacts(targetId: string, context: DiagnosisContext): Promise<DiagnosisFacts | null> {
    const t = safeId(targetId);
    const since = new Date(this.options.clock.now().getTime() - SIGN_IN_WINDOW_HOURS * 3_600_000).toISOString();
    const answers = await this.http.batch([...targetItems(t), ...diagnosisItems(t, since)]);
    const target = targetFrom(answers);
    if (!target) return null;
    return toDiagnosisFacts(
      { target, policy: part(answers.get('policy')), signIns: part(answers.get('signins')), conditionalAccess: part(answers.get('ca')), ...context },
      this.options.clock.now(),
    );
  }

  async actorFacts(actorId: string): Promise<IssuerFacts> {
    return actorFrom(await this.http.batch(actorItems(safeId(actorId))));
  }

  async findUsers(query: string, limit: number): Promise<UserFact[]> {
    const text = query.trim().replace(/'/g, "''");
    if (!text || text.length > 256) return [];
    const select = `$select=${USER_SELECT}`;
    if (/^[0-9a-f-]{36}$/i.test(text) || text.includes('@')) {
      const exact = await this.http.get(`/users/${encodeURIComponent(text)}?${select}`);
      if (exact.status === 200) return [toUserFact(exact.body)];
      if (exact.status !== 404) throw directoryErrorFor(exact, 'look the person up');
      if (!text.includes('@')) return [];
    }
    const filter = ['displayName', 'givenName', 'surname', 'userPrincipalName', 'mail']
      .map((field) => `startswith(${field},'${text}')`)
      .join(' or ');
    const found = await this.http.get(`/users?$filter=${encodeURIComponent(filter)}&${select}&$top=${Math.max(1, Math.min(limit, 25))}`);
    if (found.status !== 200) throw directoryErrorFor(found, 'search the directory');
    return (found.body?.value ?? []).map(toUserFact);
  }

  async createPass(targetId: string, spec: PassSpec): Promise<CreatedPass> {
    const body: Record<string, unknown> = { lifetimeInMinutes: spec.lifetimeInMinutes, isUsableOnce: spec.isUsableOnce };
    if (spec.startDateTime) body.startDateTime = spec.startDateTime;
    const response = await this.http.pacedPost(TAP_URL(safeId(targetId)), body, this.tapWrites);
    if (response.status !== 201 && response.status !== 200) throw directoryErrorFor(response, 'create the pass', true);
    const fact = toTapFact(response.body);
    const value = response.body?.temporaryAccessPass;
    if (typeof value !== 'string' || value.length === 0) {
      throw new DirectoryError('ambiguous', null, 'Microsoft Graph created a pass but did not return its value');
    }
    return Object.freeze({ ...passMeta(fact), value });
  }

  async listPasses(targetId: string): Promise<TapFact[]> {
    const response = await this.http.get(TAP_URL(safeId(targetId)));
    if (response.status !== 200) throw directoryErrorFor(response, 'read the pass');
    return (response.body?.value ?? []).map(toTapFact);
  }

  async deletePass(targetId: string, passId: string): Promise<void> {
    const response = await this.http.delete(`${TAP_URL(safeId(targetId))}/${encodeURIComponent(passId)}`);
    if (response.status === 204 || response.status === 200 || response.status === 404) return;
    throw directoryErrorFor(response, 'delete the pass', true);
  }

  async tapPolicy(): Promise<TapPolicyFacts> {
    return this.cachedPolicy() ?? this.storePolicy(await this.http.get(POLICY_URL));
  }

  private cachedPolicy(): TapPolicyFacts | null {
    const cache = this.policyCache;
    return cache && cache.until > this.options.clock.now().getTime() ? cache.value : null;
  }

  private storePolicy(response: GraphResponse | undefined): TapPolicyFacts {
    if (!response || response.status !== 200) throw directoryErrorFor(response, 'read the Temporary Access Pass policy');
    const value = toTapPolicy(response.body);
    if (this.options.policyCacheSeconds > 0) {
      this.policyCache = { value, until: this.options.clock.now().getTime() + this.options.policyCacheSeconds * 1000 };
    }
    return value;
  }
}

/** The batch items that describe the person a pass (or a diagnosis) is for. */
export function targetItems(t: string): BatchItem[] {
  return [
    { id: 't-user', method: 'GET', url: `/users/${t}?$select=${USER_SELECT}` },
    { id: 't-member', method: 'GET', url: `/users/${t}/transitiveMemberOf?$select=${MEMBER_SELECT}&$top=999` },
    // Direct unit membership only: a unit holding a group does not hold the group's members (issuer-rules.ts).
    { id: 't-units', method: 'GET', url: `/users/${t}/memberOf/microsoft.graph.administrativeUnit?$select=${UNIT_SELECT}` },
    { id: 't-owned', method: 'GET', url: `/users/${t}/ownedObjects?$select=id,displayName,isAssignableToRole` },
    // The scope's unit comes with each assignment, so a role scoped to an ordinary unit is judged as that role.
    { id: 't-roles', method: 'GET', url: `/roleManagement/directory/roleAssignments?$filter=principalId eq '${t}'&$expand=directoryScope` },
    { id: 't-eligible', method: 'GET', url: `/roleManagement/directory/roleEligibilitySchedules?$filter=principalId eq '${t}'&$expand=directoryScope` },
    { id: GROUP_ELIGIBILITY_ITEM, method: 'GET', url: `/identityGovernance/privilegedAccess/group/eligibilitySchedules?$filter=principalId eq '${t}'&$expand=group` },
    { id: 't-methods', method: 'GET', url: `/users/${t}/authentication/methods` },
    // The pass through its own endpoint: UserAuthMethod-TAP.Read.All is enough there, not for /methods.
    { id: 't-tap', method: 'GET', url: TAP_URL(t) },
    { id: 't-risk', method: 'GET', url: `/identityProtection/riskyUsers/${t}` },
    { id: 't-manager', method: 'GET', url: `/users/${t}/manager?$select=id` },
  ];
}

/** What a diagnosis reads besides the target: the TAP policy, the sign-ins since `since`, Conditional Access. */
export function diagnosisItems(t: string, since: string): BatchItem[] {
  return [
    { id: 'policy', method: 'GET', url: POLICY_URL },
    { id: 'signins', method: 'GET', url: `/auditLogs/signIns?$filter=userId eq '${t}' and createdDateTime ge ${since}&$top=50` },
    { id: 'ca', method: 'GET', url: '/identity/conditionalAccess/policies' },
  ];
}

/** Null when the person does not exist. Role and membership facts decide who may approve: without them, fail closed. */
function targetFrom(answers: Map<string, GraphResponse>): TargetFacts | null {
  const userAnswer = answers.get('t-user');
  if (userAnswer?.status === 404) return null;
  if (!userAnswer || userAnswer.status >= 300) throw directoryErrorFor(userAnswer, 'read the user');
  for (const id of ['t-member', 't-units', 't-owned', 't-roles', 't-eligible']) {
    const answer = answers.get(id);
    if (!answer || answer.status >= 300) throw directoryErrorFor(answer, 'read the roles and groups of the person');
  }
  return toTargetFacts({
    user: userAnswer.body,
    transitiveMemberOf: part(answers.get('t-member')),
    administrativeUnits: part(answers.get('t-units')),
    ownedObjects: part(answers.get('t-owned')),
    // Not in the list above: unreadable eligibility is "unknown" and the rules fail closed on it.
    groupEligibilitySchedules: part(answers.get(GROUP_ELIGIBILITY_ITEM)),
    roleAssignments: part(answers.get('t-roles')),
    roleEligibilitySchedules: part(answers.get('t-eligible')),
    methods: part(answers.get('t-methods')),
    tap: part(answers.get('t-tap')),
    riskyUser: part(answers.get('t-risk')),
    manager: part(answers.get('t-manager')),
  });
}

/** The batch items that describe an acting person: account, groups, issuing roles, PIM eligibility. */
export function actorItems(a: string): BatchItem[] {
  const roleFilter = ISSUING_ROLES.map((r) => `'${r}'`).join(',');
  return [
    { id: 'a-user', method: 'GET', url: `/users/${a}?$select=id,displayName,userPrincipalName,accountEnabled` },
    { id: 'a-member', method: 'GET', url: `/users/${a}/transitiveMemberOf?$select=${MEMBER_SELECT}&$top=999` },
    // Every assignment of the issuing roles: the actor's own and those of its groups are picked from
    // these, which finds group-based and AU-scoped assignments in the same round trip.
    // directoryScope names the unit of an AU-scoped assignment in messages ("the administrative unit Munich").
    { id: 'a-roles', method: 'GET', url: `/roleManagement/directory/roleAssignments?$filter=roleDefinitionId in (${roleFilter})&$expand=directoryScope` },
    { id: 'a-eligible', method: 'GET', url: `/roleManagement/directory/roleEligibilitySchedules?$filter=principalId eq '${a}'&$expand=directoryScope` },
  ];
}

function actorFrom(answers: Map<string, GraphResponse>): IssuerFacts {
  const actorUser = answers.get('a-user');
  if (!actorUser || actorUser.status >= 300) throw directoryErrorFor(actorUser, 'read your account');
  for (const id of ['a-member', 'a-roles', 'a-eligible']) {
    const answer = answers.get(id);
    if (!answer || answer.status >= 300) throw directoryErrorFor(answer, 'read your roles');
  }
  return toIssuerFacts({
    user: actorUser.body,
    transitiveMemberOf: part(answers.get('a-member')),
    roleAssignments: part(answers.get('a-roles')),
    roleEligibilitySchedules: part(answers.get('a-eligible')),
  });
}

export function passMeta(fact: TapFact) {
  const start = new Date(fact.startDateTime || fact.createdDateTime);
  return {
    id: fact.id,
    createdDateTime: fact.createdDateTime,
    startDateTime: start.toISOString(),
    lifetimeInMinutes: fact.lifetimeInMinutes,
    isUsableOnce: fact.isUsableOnce,
    expiresAt: new Date(start.getTime() + fact.lifetimeInMinutes * 60_000).toISOString(),
  };
}

export { graphMessage };

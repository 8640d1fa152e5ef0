// The Directory port over Microsoft Graph: the facts for a decision in one `$batch`, and the TAP writes.
import { GUID } from '../domain/ids';
import type { Client } from '@microsoft/microsoft-graph-client';
import {
  type CreatedPass,
  type DecisionFacts,
  type DiagnosisContext,
  type Directory,
  DirectoryError,
  type Clock,
} from '../app/kernel/ports';
import type { IssuerFacts, MethodFact, TapFact, TapPolicyFacts, TargetFacts, UserFact } from '../domain/facts';
import type { DiagnosisFacts } from '../domain/diagnosis/facts';
import { SIGN_IN_WINDOW_HOURS, toDiagnosisFacts } from './diagnosis-mapper';
import type { PassSpec } from '../domain/request-types';
import type { Logger } from '../logger';
import { Roles } from '../domain/facts';
import { type LicenceFacts, licencesFromSkus } from '../domain/capabilities';
import {
  isLicenceRefusal,
  okPart,
  toIssuerFacts,
  toSignInMethods,
  toTapFact,
  toTapPolicy,
  toTargetFacts,
  toUserFact,
  type Part,
} from './facts-mapper';
import { type BatchItem, DEFAULT_GRAPH_HTTP, GraphHttp, type GraphHttpOptions, type GraphResponse, graphCode } from './graph-http';
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
  // The numbers an approver may call back (issue: never a number from the request text); User.Read.All reads them.
  'businessPhones',
  'mobilePhone',
].join(',');
/** Read apart from the user: it needs AuditLog.Read.All and Entra ID P1, which the user itself does not. */
const SIGN_IN_ACTIVITY_SELECT = 'id,signInActivity';

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
  /** The permissions in the `roles` claim of the Graph token (main.ts reads them from the credential). */
  grantedPermissions?: () => Promise<string[]>;
  /** A pacer shared with another directory (delegated writes share the app's: one tenant, one limit). */
  tapWritePacer?: WritePacer;
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

/**
 * One read of a facts `$batch`, tied to what it serves (ARCHITECTURE.md rule 10). A new read declares
 * what it needs, and its failures are settled by `settle` alone:
 * - `required` (what it does, for the error): a read TAP Desk cannot decide without (its permission is
 *   a required one); any failure stops the decision with that reason, as before.
 * - otherwise optional: a failure makes that one fact unknown, naming the permission or licence.
 * - `noneWithoutLicence`: the feature does not exist in a tenant without the licence (PIM without P2),
 *   so Graph's licence refusal is a known empty list, not an unknown.
 */
export interface FactRead extends BatchItem {
  needs?: { permission?: string; licence?: 'P1' | 'P2' };
  required?: string;
  noneWithoutLicence?: boolean;
}

export const LICENCE_NAMES = { P1: 'Microsoft Entra ID P1', P2: 'Microsoft Entra ID P2' } as const;

/** Each read's answer as a Part: licence refusals settled as declared, required failures thrown. */
export function settle(reads: readonly FactRead[], answers: Map<string, GraphResponse>): Map<string, Part> {
  const parts = new Map<string, Part>();
  for (const read of reads) {
    const answer = answers.get(read.id);
    const settled = part(answer);
    if (settled.ok || !answer) {
      if (!settled.ok && read.required) throw directoryErrorFor(answer, read.required);
      parts.set(read.id, settled);
      continue;
    }
    const licence = isLicenceRefusal(settled.status, settled.code);
    if (licence && read.noneWithoutLicence) {
      parts.set(read.id, okPart({ value: [] }));
      continue;
    }
    if (read.required) throw directoryErrorFor(answer, read.required);
    const need = licence
      ? read.needs?.licence
        ? LICENCE_NAMES[read.needs.licence]
        : undefined
      : settled.status === 403
        ? read.needs?.permission
        : undefined;
    parts.set(read.id, need ? { ...settled, need } : settled);
  }
  return parts;
}

const partOf = (parts: Map<string, Part>, id: string): Part => parts.get(id) ?? { ok: false, status: 0, code: null };

export class GraphDirectory implements Directory {
  private readonly http: GraphHttp;
  private readonly tapWrites: WritePacer;
  /** A cache, not state: any instance may hold its own copy for a few minutes. */
  private policyCache: { value: TapPolicyFacts; until: number } | null = null;
  private licenceCache: { value: LicenceFacts; until: number } | null = null;

  constructor(
    client: Client,
    private readonly options: GraphDirectoryOptions,
  ) {
    this.http = new GraphHttp(client, { logger: options.logger, ...(options.http ?? DEFAULT_GRAPH_HTTP) });
    this.tapWrites = options.tapWritePacer ?? new WritePacer(options.tapWrites ?? DEFAULT_TAP_WRITES);
  }

  /** The TAP create pacer, for a delegated writer to share. */
  get tapWritePacer(): WritePacer {
    return this.tapWrites;
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
    return { target: targetFrom(answers, t), actor: a ? actorFrom(answers, a) : null, policy };
  }

  /** Everything "why can't I sign in?" looks at, in the same one `$batch`. */
  async diagnosisFacts(targetId: string, context: DiagnosisContext): Promise<DiagnosisFacts | null> {
    const t = safeId(targetId);
    const since = new Date(this.options.clock.now().getTime() - SIGN_IN_WINDOW_HOURS * 3_600_000).toISOString();
    const extra = diagnosisItems(t, since);
    const answers = await this.http.batch([...targetItems(t), ...extra]);
    const target = targetFrom(answers, t);
    if (!target) return null;
    const parts = settle(extra, answers);
    return toDiagnosisFacts(
      { target, policy: partOf(parts, 'policy'), signIns: partOf(parts, 'signins'), conditionalAccess: partOf(parts, 'ca'), ...context },
      this.options.clock.now(),
    );
  }

  async actorFacts(actorId: string): Promise<IssuerFacts> {
    const a = safeId(actorId);
    return actorFrom(await this.http.batch(actorItems(a)), a);
  }

  async findUsers(query: string, limit: number): Promise<UserFact[]> {
    const text = query.trim().replace(/'/g, "''");
    if (!text || text.length > 256) return [];
    const select = `$select=${USER_SELECT}`;
    if (GUID.test(text) || text.includes('@')) {
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

  /**
   * Application permission UserAuthenticationMethod.Read.All (least privileged for listing another user's
   * methods: https://learn.microsoft.com/graph/api/authentication-list-methods?view=graph-rest-1.0).
   */
  async signInMethods(userId: string): Promise<{ methods: MethodFact[]; tap: TapFact | null }> {
    const response = await this.http.get(`/users/${encodeURIComponent(safeId(userId))}/authentication/methods`);
    if (response.status !== 200) throw directoryErrorFor(response, 'read the sign-in methods');
    return toSignInMethods(response.body);
  }

  /** Ends the person's sign-in sessions (refresh tokens, session cookies): https://learn.microsoft.com/graph/api/user-revokesigninsessions */
  async revokeSignInSessions(userId: string): Promise<void> {
    const response = await this.http.post(`/users/${safeId(userId)}/revokeSignInSessions`, {});
    if (response.status === 200 || response.status === 204) return;
    throw directoryErrorFor(response, 'end the sign-in sessions', true);
  }

  async tapPolicy(): Promise<TapPolicyFacts> {
    return this.cachedPolicy() ?? this.storePolicy(await this.http.get(POLICY_URL));
  }

  async grantedPermissions(): Promise<string[]> {
    return this.options.grantedPermissions ? this.options.grantedPermissions() : [];
  }

  /**
   * The tenant's licences: from `/subscribedSkus` when TAP Desk may read it (Organization.Read.All or
   * Directory.Read.All, which it does not ask for), else from how Graph answers two reads the bot makes
   * anyway: PIM's list (400 AadPremiumLicenseRequired without P2) and the sign-in log (403
   * Authentication_RequestFromNonPremiumTenantOrB2CTenant without P1). Cached like the TAP policy.
   */
  async licences(): Promise<LicenceFacts> {
    const now = this.options.clock.now().getTime();
    if (this.licenceCache && this.licenceCache.until > now) return this.licenceCache.value;
    const answers = await this.http.batch([
      { id: 'skus', method: 'GET', url: '/subscribedSkus' },
      { id: 'p2', method: 'GET', url: '/roleManagement/directory/roleEligibilitySchedules?$top=1' },
      { id: 'p1', method: 'GET', url: '/auditLogs/signIns?$top=1' },
    ]);
    const probe = (id: string): boolean | null => {
      const answer = answers.get(id);
      if (!answer) return null;
      if (answer.status === 200) return true;
      return isLicenceRefusal(answer.status, graphCode(answer)) ? false : null;
    };
    const skus = answers.get('skus');
    let value: LicenceFacts;
    if (skus?.status === 200) value = licencesFromSkus(Array.isArray(skus.body?.value) ? skus.body.value : []);
    else {
      const p2 = probe('p2');
      value = { p1: p2 === true ? true : probe('p1'), p2 };
    }
    const seconds = Math.max(this.options.policyCacheSeconds, 60);
    this.licenceCache = { value, until: now + seconds * 1000 };
    return value;
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
export function targetItems(t: string): FactRead[] {
  const roles = 'read the roles and groups of the person';
  return [
    { id: 't-user', method: 'GET', url: `/users/${t}?$select=${USER_SELECT}`, required: 'read the user' },
    {
      id: 't-activity',
      method: 'GET',
      url: `/users/${t}?$select=${SIGN_IN_ACTIVITY_SELECT}`,
      needs: { permission: 'AuditLog.Read.All', licence: 'P1' },
    },
    { id: 't-member', method: 'GET', url: `/users/${t}/transitiveMemberOf?$select=${MEMBER_SELECT}&$top=999`, required: roles },
    // Direct unit membership only: a unit holding a group does not hold the group's members (issuer-rules.ts).
    // Unreadable, the rules fail closed on it (facts-mapper.ts), so it need not stop the decision.
    {
      id: 't-units',
      method: 'GET',
      url: `/users/${t}/memberOf/microsoft.graph.administrativeUnit?$select=${UNIT_SELECT}`,
      needs: { permission: 'AdministrativeUnit.Read.All' },
    },
    { id: 't-owned', method: 'GET', url: `/users/${t}/ownedObjects?$select=id,displayName,isAssignableToRole`, required: roles },
    // The scope's unit comes with each assignment, so a role scoped to an ordinary unit is judged as that role.
    {
      id: 't-roles',
      method: 'GET',
      url: `/roleManagement/directory/roleAssignments?$filter=principalId eq '${t}'&$expand=directoryScope`,
      required: roles,
    },
    // Without Entra ID P2 there is no PIM: nobody is eligible for anything.
    {
      id: 't-eligible',
      method: 'GET',
      url: `/roleManagement/directory/roleEligibilitySchedules?$filter=principalId eq '${t}'&$expand=directoryScope`,
      required: roles,
      noneWithoutLicence: true,
      needs: { licence: 'P2' },
    },
    // Optional: not granted, it is a warning for the approver (issuer-rules.ts says why); any other
    // failure fails closed. Without P2 there is no PIM for Groups: a known none.
    {
      id: GROUP_ELIGIBILITY_ITEM,
      method: 'GET',
      url: `/identityGovernance/privilegedAccess/group/eligibilitySchedules?$filter=principalId eq '${t}'&$expand=group`,
      noneWithoutLicence: true,
      needs: { permission: 'PrivilegedEligibilitySchedule.Read.AzureADGroup', licence: 'P2' },
    },
    {
      id: 't-methods',
      method: 'GET',
      url: `/users/${t}/authentication/methods`,
      needs: { permission: 'UserAuthenticationMethod.Read.All' },
    },
    // The pass through its own endpoint: UserAuthMethod-TAP.Read.All is enough there, not for /methods.
    { id: 't-tap', method: 'GET', url: TAP_URL(t), needs: { permission: 'UserAuthMethod-TAP.ReadWrite.All' } },
    {
      id: 't-risk',
      method: 'GET',
      url: `/identityProtection/riskyUsers/${t}`,
      needs: { permission: 'IdentityRiskyUser.Read.All', licence: 'P2' },
    },
    {
      id: 't-manager',
      method: 'GET',
      url: `/users/${t}/manager?$select=id,displayName,userPrincipalName`,
      needs: { permission: 'User.Read.All' },
    },
  ];
}

/** What only a diagnosis reads: the TAP policy, the sign-in log and Conditional Access. */
export function diagnosisItems(t: string, since: string): FactRead[] {
  return [
    { id: 'policy', method: 'GET', url: POLICY_URL, needs: { permission: 'Policy.Read.AuthenticationMethod' } },
    {
      id: 'signins',
      method: 'GET',
      url: `/auditLogs/signIns?$filter=userId eq '${t}' and createdDateTime ge ${since}&$top=50`,
      needs: { permission: 'AuditLog.Read.All', licence: 'P1' },
    },
    {
      id: 'ca',
      method: 'GET',
      url: '/identity/conditionalAccess/policies',
      needs: { permission: 'Policy.Read.ConditionalAccess', licence: 'P1' },
    },
  ];
}

/** Null when the person does not exist. Role and membership facts decide who may approve: without them, fail closed. */
function targetFrom(answers: Map<string, GraphResponse>, t: string): TargetFacts | null {
  if (answers.get('t-user')?.status === 404) return null;
  const parts = settle(targetItems(t), answers);
  const p = (id: string) => partOf(parts, id);
  return toTargetFacts({
    user: (p('t-user') as { body: unknown }).body,
    signInActivity: p('t-activity'),
    transitiveMemberOf: p('t-member'),
    administrativeUnits: p('t-units'),
    ownedObjects: p('t-owned'),
    groupEligibilitySchedules: p(GROUP_ELIGIBILITY_ITEM),
    roleAssignments: p('t-roles'),
    roleEligibilitySchedules: p('t-eligible'),
    methods: p('t-methods'),
    tap: p('t-tap'),
    riskyUser: p('t-risk'),
    manager: p('t-manager'),
  });
}

/** The batch items that describe an acting person: account, groups, issuing roles, PIM eligibility. */
export function actorItems(a: string): FactRead[] {
  const roleFilter = ISSUING_ROLES.map((r) => `'${r}'`).join(',');
  const roles = 'read your roles';
  return [
    {
      id: 'a-user',
      method: 'GET',
      url: `/users/${a}?$select=id,displayName,userPrincipalName,accountEnabled`,
      required: 'read your account',
    },
    { id: 'a-member', method: 'GET', url: `/users/${a}/transitiveMemberOf?$select=${MEMBER_SELECT}&$top=999`, required: roles },
    // Every assignment of the issuing roles: the actor's own and those of its groups are picked from
    // these, which finds group-based and AU-scoped assignments in the same round trip.
    // directoryScope names the unit of an AU-scoped assignment in messages ("the administrative unit Munich").
    {
      id: 'a-roles',
      method: 'GET',
      url: `/roleManagement/directory/roleAssignments?$filter=roleDefinitionId in (${roleFilter})&$expand=directoryScope`,
      required: roles,
    },
    {
      id: 'a-eligible',
      method: 'GET',
      url: `/roleManagement/directory/roleEligibilitySchedules?$filter=principalId eq '${a}'&$expand=directoryScope`,
      required: roles,
      noneWithoutLicence: true,
      needs: { licence: 'P2' },
    },
  ];
}

function actorFrom(answers: Map<string, GraphResponse>, a: string): IssuerFacts {
  const parts = settle(actorItems(a), answers);
  const p = (id: string) => partOf(parts, id);
  return toIssuerFacts({
    user: (p('a-user') as { body: unknown }).body,
    transitiveMemberOf: p('a-member'),
    roleAssignments: p('a-roles'),
    roleEligibilitySchedules: p('a-eligible'),
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

// Creating, reading and deleting Temporary Access Passes as Entra does (src/graph/README.md §1, tenant README):
// one pass per user, the policy's lifetime range and one-time rule, no external guests, no users
// outside the policy, no members of restricted-management units for application callers.
import { randomUUID } from 'node:crypto';
import { GraphError, accessDenied, authMethodRefusal, badRequest } from './errors';
import { type JsonObject, isObject } from './json';
import { type GraphVersion } from './odata';
import { generatePass } from './pass-generator';
import { type GraphObject, type SeedUser } from './seed';
import { lifetimeAllowed } from './tap-policy';
import { type TapTimes, tapUsability } from './tap-usability';
import { type Tenant } from './tenant';

export const TAP_TYPE = '#microsoft.graph.temporaryAccessPassAuthenticationMethod';

export const TAP_MESSAGES = Object.freeze({
  externalGuest: 'Temporary Access Pass cannot be added to an external guest user.',
  outsidePolicy:
    'Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].',
  // Not documented: Entra's wording for a multi-use pass under a one-time policy is unknown.
  multiUseNotAllowed:
    'Multi-use Temporary Access Pass is not allowed by the authentication method policy. AuthMethodType [TemporaryAccessPass].',
  lifetime: (min: number, max: number) => `Invalid LifetimeInMinutes specified. The valid range between ${min} and ${max}.`,
  // Graph's words for a start in the past, as reported from a real tenant in
  // https://github.com/microsoftgraph/msgraph-sdk-dotnet/issues/2724 (the create refused with this message).
  // The status and code are not quoted there; the authentication-methods service answers its other
  // validation refusals (lifetime) with 400 `badRequest` (test/fixtures/graph/tap-create-error-lifetime-THIRD-PARTY.json),
  // so this one does too.
  startInPast: 'Invalid StartDateTime specified. It can not be a time in the past.',
});

/**
 * How far in the past a start may be and still be taken as "now". Graph does not document a tolerance;
 * a client that sends its own "now" reaches Graph moments later on a clock that may differ by seconds,
 * so an exact comparison would refuse honest clients at random. Thirty seconds covers that and no more:
 * a start that passed minutes ago (a request approved after its start) is refused, as Graph does.
 */
export const START_SKEW_TOLERANCE_MS = 30_000;

export interface TapCreateRequest {
  startDateTime?: string;
  lifetimeInMinutes?: number;
  isUsableOnce?: boolean;
}

const CREATE_PROPERTIES = new Set(['startDateTime', 'lifetimeInMinutes', 'isUsableOnce']);

/** The create body: optional, only the three documented properties, with their JSON types. */
export function parseTapCreateBody(body: unknown): TapCreateRequest {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw badRequest('Invalid request body: a JSON object was expected.');
  for (const key of Object.keys(body)) {
    if (!key.startsWith('@') && !CREATE_PROPERTIES.has(key)) {
      throw badRequest(
        `Invalid request body: the property '${key}' does not exist on type 'microsoft.graph.temporaryAccessPassAuthenticationMethod'.`,
      );
    }
  }
  const request: TapCreateRequest = {};
  if (body.lifetimeInMinutes !== undefined && body.lifetimeInMinutes !== null) {
    if (typeof body.lifetimeInMinutes !== 'number' || !Number.isInteger(body.lifetimeInMinutes))
      throw badRequest("Invalid request body: 'lifetimeInMinutes' must be an Int32.");
    request.lifetimeInMinutes = body.lifetimeInMinutes;
  }
  if (body.isUsableOnce !== undefined && body.isUsableOnce !== null) {
    if (typeof body.isUsableOnce !== 'boolean') throw badRequest("Invalid request body: 'isUsableOnce' must be a Boolean.");
    request.isUsableOnce = body.isUsableOnce;
  }
  if (body.startDateTime !== undefined && body.startDateTime !== null) {
    if (typeof body.startDateTime !== 'string' || Number.isNaN(Date.parse(body.startDateTime)))
      throw badRequest("Invalid request body: 'startDateTime' must be a DateTimeOffset.");
    request.startDateTime = body.startDateTime;
  }
  return request;
}

/**
 * Users Entra refuses a pass as external: external guests (the TAP doc: a pass can be added to an internal
 * guest but not to other guests, learn.microsoft.com/entra/identity/authentication/howto-authentication-temporary-access-pass)
 * and, where the doc is silent, B2B members who still sign in at home or never redeemed their invitation.
 * The line between external and internal is Entra's support rule for convertExternalToInternalMemberUser:
 * invited and a guest, or invited, accepted and signing in with a federated identity. An unredeemed
 * invitation (PendingAcceptance) has no credential here either. Self-service sign-up is external.
 */
export function isExternalUser(user: SeedUser): boolean {
  const federated = Array.isArray(user.identities) && user.identities.some((i) => isObject(i) && i.signInType === 'federated');
  if (user.creationType === 'SelfServiceSignUp') return true;
  if (user.creationType === 'Invitation') return user.userType === 'Guest' || user.externalUserState === 'PendingAcceptance' || federated;
  return federated;
}

function isTap(method: GraphObject): boolean {
  return method['@odata.type'] === TAP_TYPE;
}

function times(tap: GraphObject): TapTimes {
  return {
    createdDateTime: String(tap.createdDateTime),
    startDateTime: typeof tap.startDateTime === 'string' ? tap.startDateTime : null,
    lifetimeInMinutes: Number(tap.lifetimeInMinutes),
    isUsableOnce: tap.isUsableOnce === true,
    lastUsedDateTime: typeof tap.lastUsedDateTime === 'string' ? tap.lastUsedDateTime : null,
  };
}

/** A pass as Graph reads it: no value, usability computed now; beta also shows lastUsedDateTime. */
export function tapView(tenant: Tenant, userId: string, tap: GraphObject, now: Date, version: GraphVersion): JsonObject {
  const t = times(tap);
  const usability = tapUsability(
    t,
    { appliesToUser: tenant.tapPolicyAppliesTo(userId), requiresOneTime: tenant.tapPolicy().isUsableOnce },
    now,
  );
  const view: JsonObject = {
    '@odata.type': TAP_TYPE,
    id: tap.id,
    temporaryAccessPass: null,
    createdDateTime: t.createdDateTime,
    startDateTime: t.startDateTime ?? t.createdDateTime,
    lifetimeInMinutes: t.lifetimeInMinutes,
    isUsableOnce: t.isUsableOnce,
    ...usability,
  };
  if (version === 'beta') view.lastUsedDateTime = t.lastUsedDateTime;
  return view;
}

export function tapsOf(tenant: Tenant, userId: string): GraphObject[] {
  return tenant.methodsOf(userId).filter(isTap);
}

/** Application callers may not manage members of restricted-management units (src/graph/README.md §4). */
function requireManageable(tenant: Tenant, user: SeedUser): void {
  if (tenant.isManagementRestricted(user)) throw accessDenied();
}

export interface CreatedTap {
  view: JsonObject;
  /** The pass value: returned once in the 201, recorded for issuedPassValues(), never logged. */
  value: string;
}

/** `delegated`: the caller's own rights were already checked (delegated-access.ts), restricted units included. */
export function createTap(tenant: Tenant, userKey: string, body: unknown, now: Date, version: GraphVersion, delegated = false): CreatedTap {
  const request = parseTapCreateBody(body);
  const user = tenant.requireUser(userKey);
  if (!delegated) requireManageable(tenant, user);
  if (isExternalUser(user)) throw authMethodRefusal(TAP_MESSAGES.externalGuest);
  if (!tenant.tapPolicyAppliesTo(user.id)) throw authMethodRefusal(TAP_MESSAGES.outsidePolicy);
  const policy = tenant.tapPolicy();
  const lifetime = request.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
  if (!lifetimeAllowed(policy, lifetime))
    throw authMethodRefusal(TAP_MESSAGES.lifetime(policy.minimumLifetimeInMinutes, policy.maximumLifetimeInMinutes));
  if (policy.isUsableOnce && request.isUsableOnce === false) throw authMethodRefusal(TAP_MESSAGES.multiUseNotAllowed);
  if (request.startDateTime && Date.parse(request.startDateTime) < now.getTime() - START_SKEW_TOLERANCE_MS)
    throw authMethodRefusal(TAP_MESSAGES.startInPast);
  const created = now.toISOString();
  const stored: GraphObject = {
    '@odata.type': TAP_TYPE,
    id: randomUUID(),
    createdDateTime: created,
    startDateTime: request.startDateTime ? new Date(request.startDateTime).toISOString() : created,
    lifetimeInMinutes: lifetime,
    isUsableOnce: request.isUsableOnce ?? policy.isUsableOnce,
  };
  const value = tenant.takeForcedPass() ?? generatePass(policy.defaultLength);
  // One pass per user: a new one replaces the old, valid or not.
  tenant.replaceMethods(user.id, [...tenant.methodsOf(user.id).filter((m) => !isTap(m)), stored]);
  tenant.recordIssuedPass(value);
  return { view: { ...tapView(tenant, user.id, stored, now, version), temporaryAccessPass: value }, value };
}

export function tapNotFound(): GraphError {
  return new GraphError(404, 'itemNotFound', 'The requested Temporary Access Pass authentication method was not found.');
}

export function deleteTap(tenant: Tenant, userKey: string, tapId: string, delegated = false): void {
  const user = tenant.requireUser(userKey);
  if (!delegated) requireManageable(tenant, user);
  const methods = tenant.methodsOf(user.id);
  const kept = methods.filter((m) => !(isTap(m) && m.id.toLowerCase() === tapId.toLowerCase()));
  if (kept.length === methods.length) throw tapNotFound();
  tenant.replaceMethods(user.id, kept);
}

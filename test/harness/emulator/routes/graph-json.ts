// Seed objects as Graph returns them: emulator-only keys (★) removed, computed properties added, and
// the properties Graph always returns filled in where a seed leaves them out.
import { builtInRole } from '../built-in-roles';
import { createHash } from 'node:crypto';
import { type JsonObject, isObject } from '../json';
import { type SeedAdministrativeUnit, type SeedGroup, type SeedUser } from '../seed';
import { type Tenant } from '../tenant';

export const TYPES = Object.freeze({
  user: '#microsoft.graph.user',
  group: '#microsoft.graph.group',
  directoryRole: '#microsoft.graph.directoryRole',
  administrativeUnit: '#microsoft.graph.administrativeUnit',
  tap: '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
  password: '#microsoft.graph.passwordAuthenticationMethod',
  riskyUser: '#microsoft.graph.riskyUser',
});

/** What GET /users/{id} returns without $select (src/graph/README.md §3). */
export const USER_DEFAULT_PROPERTIES: readonly string[] = Object.freeze([
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
]);

/** v1.0 user properties a $select may name (seeds may add more); anything else is Graph's 400. */
export const USER_PROPERTIES: ReadonlySet<string> = new Set([
  ...USER_DEFAULT_PROPERTIES,
  ...'aboutMe accountEnabled ageGroup assignedLicenses assignedPlans authorizationInfo birthday city companyName consentProvidedForMinor country createdDateTime creationType customSecurityAttributes deletedDateTime department employeeHireDate employeeId employeeLeaveDateTime employeeOrgData employeeType externalUserState externalUserStateChangeDateTime faxNumber hireDate identities imAddresses interests isManagementRestricted isResourceAccount lastPasswordChangeDateTime legalAgeGroupClassification licenseAssignmentStates mailboxSettings mailNickname mySite onPremisesDistinguishedName onPremisesDomainName onPremisesExtensionAttributes onPremisesImmutableId onPremisesLastSyncDateTime onPremisesProvisioningErrors onPremisesSamAccountName onPremisesSecurityIdentifier onPremisesSyncEnabled onPremisesUserPrincipalName otherMails passwordPolicies passwordProfile pastProjects postalCode preferredDataLocation preferredName provisionedPlans proxyAddresses responsibilities schools securityIdentifier serviceProvisioningErrors showInAddressList signInActivity signInSessionsValidFromDateTime skills state streetAddress usageLocation userType'.split(
    ' ',
  ),
]);

export const GROUP_PROPERTIES: ReadonlySet<string> = new Set(
  'id displayName description mail mailEnabled mailNickname securityEnabled groupTypes isAssignableToRole visibility createdDateTime deletedDateTime classification expirationDateTime membershipRule membershipRuleProcessingState onPremisesSyncEnabled preferredDataLocation proxyAddresses renewedDateTime securityIdentifier theme'.split(
    ' ',
  ),
);
export const DIRECTORY_ROLE_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'displayName',
  'description',
  'roleTemplateId',
  'deletedDateTime',
]);
export const ADMINISTRATIVE_UNIT_PROPERTIES: ReadonlySet<string> = new Set(
  'id displayName description visibility isMemberManagementRestricted membershipRule membershipType membershipRuleProcessingState deletedDateTime'.split(
    ' ',
  ),
);

const NEVER = '0001-01-01T00:00:00Z';

function localPart(upn: string): string {
  return upn.split('@')[0]?.replace(/[^A-Za-z0-9._-]/g, '') ?? upn;
}

/** A user with everything a $select may return: ★managerId removed, isManagementRestricted computed. */
export function userResource(user: SeedUser, tenant: Tenant): JsonObject {
  const { managerId: _manager, ...rest } = user;
  const out: JsonObject = {
    businessPhones: [],
    imAddresses: [],
    otherMails: [],
    proxyAddresses: [],
    mailNickname: localPart(user.userPrincipalName),
    ...rest,
  };
  if (out.isManagementRestricted === undefined) out.isManagementRestricted = tenant.isManagementRestricted(user);
  // Graph shows "never" as year 1 with an empty request id (users-list-signinactivity example).
  if (isObject(rest.signInActivity)) {
    out.signInActivity = {
      lastSignInDateTime: NEVER,
      lastSignInRequestId: '',
      lastNonInteractiveSignInDateTime: NEVER,
      lastNonInteractiveSignInRequestId: '',
      lastSuccessfulSignInDateTime: NEVER,
      lastSuccessfulSignInRequestId: '',
      ...rest.signInActivity,
    };
  }
  return out;
}

export function groupResource(group: SeedGroup): JsonObject {
  const { members: _members, owners: _owners, ...rest } = group;
  return {
    '@odata.type': TYPES.group,
    description: null,
    mail: null,
    mailEnabled: false,
    mailNickname: String(group.displayName ?? 'group').replace(/[^A-Za-z0-9]/g, '') || 'group',
    securityEnabled: true,
    groupTypes: [],
    isAssignableToRole: false,
    visibility: null,
    createdDateTime: null,
    deletedDateTime: null,
    ...rest,
  };
}

export function administrativeUnitResource(unit: SeedAdministrativeUnit): JsonObject {
  const { members: _members, ...rest } = unit;
  return {
    '@odata.type': TYPES.administrativeUnit,
    description: null,
    visibility: null,
    isMemberManagementRestricted: false,
    membershipType: null,
    deletedDateTime: null,
    ...rest,
  };
}

/** A directoryRole object: an instance of a role template in this tenant, with its own id (src/graph/README.md §4). */
export function directoryRoleResource(templateId: string, tenantId: string): JsonObject {
  const hex = createHash('sha256').update(`directoryRole|${tenantId.toLowerCase()}|${templateId.toLowerCase()}`).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  const role = builtInRole(templateId);
  return {
    '@odata.type': TYPES.directoryRole,
    id,
    deletedDateTime: null,
    description: role.description,
    displayName: role.displayName,
    roleTemplateId: templateId,
  };
}

const PROPERTIES_BY_TYPE: Readonly<Record<string, ReadonlySet<string>>> = Object.freeze({
  [TYPES.user]: USER_PROPERTIES,
  [TYPES.group]: GROUP_PROPERTIES,
  [TYPES.directoryRole]: DIRECTORY_ROLE_PROPERTIES,
  [TYPES.administrativeUnit]: ADMINISTRATIVE_UNIT_PROPERTIES,
});

/**
 * $select on a collection of mixed directory objects: each item keeps the selected properties its own
 * type has (null when unset) and its @odata.type; properties of other types are left out.
 */
export function selectOnDirectoryObject(item: JsonObject, fields: readonly string[]): JsonObject {
  const type = String(item['@odata.type'] ?? '');
  const known = PROPERTIES_BY_TYPE[type];
  const out: JsonObject = { '@odata.type': type };
  for (const field of fields) {
    if (field in item) out[field] = item[field];
    else if (known?.has(field)) out[field] = null;
  }
  return out;
}

/** A sign-in with the properties Graph always returns; CA results only for callers that may read CA data. */
export function signInResource(signIn: JsonObject, withConditionalAccess: boolean): JsonObject {
  const location = isObject(signIn.location) ? signIn.location : {};
  const out: JsonObject = {
    resourceId: '00000003-0000-0000-c000-000000000000',
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes: [],
    riskEventTypes_v2: [],
    appliedConditionalAccessPolicies: [],
    ...signIn,
    location: {
      city: null,
      state: null,
      countryOrRegion: null,
      ...location,
      geoCoordinates: {
        altitude: null,
        latitude: null,
        longitude: null,
        ...(isObject(location.geoCoordinates) ? location.geoCoordinates : {}),
      },
    },
  };
  if (!withConditionalAccess) delete out.appliedConditionalAccessPolicies;
  return out;
}

/** A Conditional Access policy with the condition sets Graph always returns. */
export function conditionalAccessPolicyResource(policy: JsonObject): JsonObject {
  const conditions = isObject(policy.conditions) ? policy.conditions : {};
  const users = isObject(conditions.users) ? conditions.users : {};
  const applications = isObject(conditions.applications) ? conditions.applications : {};
  return {
    createdDateTime: null,
    modifiedDateTime: null,
    sessionControls: null,
    grantControls: null,
    ...policy,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ['all'],
      platforms: null,
      locations: null,
      devices: null,
      ...conditions,
      applications: { includeApplications: [], excludeApplications: [], includeUserActions: [], ...applications },
      users: { includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [], ...users },
    },
  };
}

export function riskyUserResource(risky: JsonObject): JsonObject {
  return { isDeleted: false, isProcessing: false, riskDetail: 'none', ...risky };
}

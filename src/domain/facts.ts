// Small typed records the Graph adapter builds from Microsoft Graph responses.
// Rules in this folder are plain functions of these records, so they can be table-tested without Graph.

/** Built-in Entra role template ids the rules refer to by name. */
export const Roles = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  authenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
} as const;

/**
 * Where a role assignment applies: the whole tenant, one administrative unit, or some other directory
 * object (e.g. an app registration). `resource` scopes never grant authority over users, but a target
 * holding such a role still counts as an admin.
 */
export type RoleScope =
  | { kind: 'tenant' }
  | {
      kind: 'administrativeUnit';
      id: string;
      /** The unit's name, when Graph gave it (`$expand=directoryScope`, or the user's own membership). */
      displayName?: string;
      /** Restricted-management unit; undefined when unknown. */
      restricted?: boolean;
    }
  | { kind: 'resource'; id: string };

export interface RoleAssignmentFact {
  roleTemplateId: string;
  scope: RoleScope;
  /** `group` when held through membership of a role-assignable group. */
  via: 'direct' | 'group';
  groupId?: string;
}

export interface AdministrativeUnitFact {
  id: string;
  displayName: string;
  /** Restricted-management AU: only admins scoped to it may manage its members. */
  restricted: boolean;
}

export interface GroupFact {
  id: string;
  displayName: string;
  isAssignableToRole: boolean;
}

/**
 * PIM for Groups: the user may activate membership (`member`) or ownership (`owner`) of this group
 * (Graph `privilegedAccessGroupEligibilitySchedule`). Eligible is not active, but SECURITY.md counts an
 * eligible admin as an admin, so an eligible member of a role-assignable group counts as its member.
 */
export interface GroupEligibilityFact {
  group: GroupFact;
  accessId: 'member' | 'owner';
}

export type UserType = 'Member' | 'Guest';

export interface UserFact {
  id: string;
  userPrincipalName: string;
  displayName: string;
  jobTitle: string | null;
  department: string | null;
  accountEnabled: boolean;
  userType: UserType;
  /** `null` for ordinary accounts; `Invitation` / `SelfServiceSignUp` for external users. */
  creationType: string | null;
  externalUserState: string | null;
  /** signInType of each identity, e.g. `userPrincipalName`, `federated`. */
  identitySignInTypes: string[];
  isManagementRestricted: boolean | null;
  lastSignInDateTime: string | null;
  lastSuccessfulSignInDateTime: string | null;
  lastPasswordChangeDateTime: string | null;
  onPremisesSyncEnabled: boolean | null;
  /**
   * The numbers the directory holds (Graph's `businessPhones`, `mobilePhone`): the only ones an approver may call back.
   * Absent: the user was read without them (nothing to call back is then "couldn't check", never a guess).
   */
  phones?: DirectoryPhones;
}

/** Graph's own phone properties of a user, as the directory holds them. */
export interface DirectoryPhones {
  business: string[];
  mobile: string | null;
}

/** Method kinds as the bot speaks of them; `other` keeps unknown @odata.types visible. */
export type MethodKind =
  | 'password'
  | 'microsoftAuthenticator'
  | 'fido2'
  | 'windowsHelloForBusiness'
  | 'phone'
  | 'email'
  | 'softwareOath'
  | 'temporaryAccessPass'
  | 'platformCredential'
  | 'qrCodePin'
  | 'external'
  | 'other';

export interface MethodFact {
  kind: MethodKind;
  id: string;
  displayName: string | null;
  createdDateTime: string | null;
}

export type TapUsabilityReason = 'EnabledByPolicy' | 'DisabledByPolicy' | 'Expired' | 'NotYetValid' | 'OneTimeUsed';

/** A pass as Graph describes it on read. Never holds the pass value. */
export interface TapFact {
  id: string;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  isUsable: boolean;
  methodUsabilityReason: TapUsabilityReason | string;
  /** When the pass was last used: Graph gives it on beta only (v1.0 says OneTimeUsed for a used one-time pass). */
  lastUsedDateTime?: string | null;
}

export interface RiskFact {
  riskLevel: 'low' | 'medium' | 'high' | 'hidden' | 'none' | string;
  riskState: string;
  riskLastUpdatedDateTime: string | null;
}

export interface TapPolicyTarget {
  id: string;
  targetType: 'user' | 'group' | string;
}

export interface TapPolicyFacts {
  state: 'enabled' | 'disabled';
  defaultLifetimeInMinutes: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  defaultLength: number;
  isUsableOnce: boolean;
  includeTargets: TapPolicyTarget[];
  excludeTargets: TapPolicyTarget[];
}

export type UnknownReason = 'permission' | 'licence' | 'unavailable';

/**
 * A fact Graph could not give us (missing permission, licence, throttling) is `unknown`
 * rather than absent, so rules can say "couldn't check" instead of guessing. `need` names what
 * would make it readable: the permission (`AuditLog.Read.All`) or the licence (`Microsoft Entra ID P1`).
 */
export type Unavailable = { known: false; reason: UnknownReason; need?: string };
export type Known<T> = { known: true; value: T } | Unavailable;

/** `signInActivity`: when the person last signed in (null: never, or Graph has no record). */
export interface SignInActivityFact {
  lastSignInDateTime: string | null;
  lastSuccessfulSignInDateTime: string | null;
}

/** Everything the rules need to know about the person a pass would be issued for. */
export interface TargetFacts {
  user: UserFact;
  /** Active assignments only, direct and through groups, with their scope. */
  activeRoles: RoleAssignmentFact[];
  /** PIM-eligible (not active) assignments. */
  eligibleRoles: RoleAssignmentFact[];
  /** Transitive group membership. */
  groups: GroupFact[];
  /** Role-assignable groups the user owns (members are in `groups`). */
  ownedRoleAssignableGroupIds: string[];
  /** The same owned groups with their names, for messages (absent: only the ids are known). */
  ownedRoleAssignableGroups?: GroupFact[];
  /**
   * PIM for Groups eligibility (membership or ownership the user may activate). Unknown when Graph
   * could not say (permission, licence): the rules then fail closed as for a role-assignable group.
   * Absent means the caller did not read it and is taken as none; the Graph adapter always reads it.
   */
  groupEligibility?: Known<GroupEligibilityFact[]>;
  /** Units the user is a DIRECT member of: a group in a unit does not bring its members into it (Entra's scope). */
  administrativeUnits: AdministrativeUnitFact[];
  methods: Known<MethodFact[]>;
  /** The user's pass, if any (Graph allows at most one). */
  tap: Known<TapFact | null>;
  risk: Known<RiskFact | null>;
  /**
   * Whether `user.lastSignInDateTime` / `lastSuccessfulSignInDateTime` could be read (it needs
   * AuditLog.Read.All and Entra ID P1). Absent: read with the user, as known.
   */
  signInActivity?: Known<SignInActivityFact>;
  managerId: string | null;
  /**
   * The manager as the directory names them (Graph's `/users/{id}/manager`, read live in the facts batch): null when
   * the directory has none. Absent: not read (facts built elsewhere); unknown: the read failed.
   */
  manager?: Known<ManagerFact | null>;
}

export interface ManagerFact {
  id: string;
  displayName: string;
  userPrincipalName: string;
}

/** Everything the rules need to know about a would-be approver (or requester). */
export interface IssuerFacts {
  user: Pick<UserFact, 'id' | 'userPrincipalName' | 'displayName' | 'accountEnabled'>;
  activeRoles: RoleAssignmentFact[];
  eligibleRoles: RoleAssignmentFact[];
  groupIds: string[];
}

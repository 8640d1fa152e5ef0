// Built-in Entra role data the rules need, transcribed from Microsoft's tables (test/fixtures/graph-tables,
// sources: entra-docs permissions-reference.md@00fe95d6 and privileged-roles-permissions.md@8d78c8f7).
// Transcribed, not read at run time: the domain does no I/O. A unit test compares these constants with
// the JSON tables so a re-transcription cannot drift silently.
import { Roles } from './facts';

export interface BuiltInRole {
  displayName: string;
  templateId: string;
  /** Carries the PRIVILEGED label in the permissions reference (a preview concept). */
  privilegedLabel: boolean;
}

/** test/fixtures/graph-tables/role-template-ids.json, "roles". */
export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { displayName: 'Global Administrator', templateId: '62e90394-69f5-4237-9190-012177145e10', privilegedLabel: true },
  { displayName: 'Privileged Authentication Administrator', templateId: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', privilegedLabel: true },
  { displayName: 'Authentication Administrator', templateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f', privilegedLabel: true },
  { displayName: 'Authentication Policy Administrator', templateId: '0526716b-113d-4c15-b2c8-68e3c22b9f80', privilegedLabel: false },
  { displayName: 'Global Reader', templateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', privilegedLabel: true },
  { displayName: 'Helpdesk Administrator', templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8', privilegedLabel: true },
  { displayName: 'Password Administrator', templateId: '966707d0-3269-4727-9be2-8c3a10f19b9d', privilegedLabel: true },
  { displayName: 'User Administrator', templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', privilegedLabel: true },
  { displayName: 'Privileged Role Administrator', templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814', privilegedLabel: true },
  { displayName: 'Security Administrator', templateId: '194ae4cb-b126-40b2-bd5b-6091b380977d', privilegedLabel: true },
  { displayName: 'Security Operator', templateId: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f', privilegedLabel: true },
  { displayName: 'Security Reader', templateId: '5d6b6bb7-de71-4623-b4af-96380a352509', privilegedLabel: true },
  { displayName: 'Conditional Access Administrator', templateId: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', privilegedLabel: true },
  { displayName: 'Reports Reader', templateId: '4a5d8f65-41da-4de4-8968-e035b65339cf', privilegedLabel: false },
  { displayName: 'Directory Readers', templateId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', privilegedLabel: false },
  { displayName: 'Directory Writers', templateId: '9360feb5-f418-4baa-8175-e2a00bac4301', privilegedLabel: true },
  { displayName: 'Groups Administrator', templateId: 'fdd7a751-b60b-444a-984c-02652fe8fa1c', privilegedLabel: false },
  { displayName: 'Guest Inviter', templateId: '95e79109-95c0-4d8e-aee3-d01accf2d47b', privilegedLabel: false },
  { displayName: 'Message Center Reader', templateId: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b', privilegedLabel: false },
  { displayName: 'Usage Summary Reports Reader', templateId: '75934031-6c7e-415a-99d7-48dbd49e875e', privilegedLabel: false },
  { displayName: 'User Experience Success Manager', templateId: '27460883-1df1-4691-b032-3b79643e5e63', privilegedLabel: false },
  { displayName: 'Application Administrator', templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', privilegedLabel: true },
  { displayName: 'Application Developer', templateId: 'cf1c38e5-3621-4004-a7cb-879624dced7c', privilegedLabel: true },
  { displayName: 'Cloud Application Administrator', templateId: '158c047a-c907-4556-b7ef-446551a6b5f7', privilegedLabel: true },
  { displayName: 'Cloud Device Administrator', templateId: '7698a772-787b-4ac8-901f-60d6b08affd2', privilegedLabel: true },
  { displayName: 'Hybrid Identity Administrator', templateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', privilegedLabel: true },
  { displayName: 'Intune Administrator', templateId: '3a2c62db-5318-420d-8d74-23affee5d9d5', privilegedLabel: true },
  { displayName: 'Domain Name Administrator', templateId: '8329153b-31d0-4727-b945-745eb3bc5f31', privilegedLabel: true },
  { displayName: 'External Identity Provider Administrator', templateId: 'be2f45a1-457d-42af-a067-6ec1fa63bc45', privilegedLabel: true },
  { displayName: 'B2C IEF Keyset Administrator', templateId: 'aaf43236-0c0d-4d5f-883a-6955382ac081', privilegedLabel: true },
  { displayName: 'Authentication Extensibility Administrator', templateId: '25a516ed-2fa0-40ea-a2d0-12923a21473a', privilegedLabel: true },
  { displayName: 'Attribute Provisioning Administrator', templateId: 'ecb2c6bf-0ab6-418e-bd87-7986f8d63bbe', privilegedLabel: true },
  { displayName: 'Attribute Provisioning Reader', templateId: '422218e4-db15-4ef9-bbe0-8afb41546d79', privilegedLabel: true },
  { displayName: 'Lifecycle Workflows Administrator', templateId: '59d46f88-662b-457b-bceb-5c3809e5908f', privilegedLabel: true },
  { displayName: 'Partner Tier1 Support', templateId: '4ba39ca4-527c-499a-b93d-d9b492c50246', privilegedLabel: true },
  { displayName: 'Partner Tier2 Support', templateId: 'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', privilegedLabel: true },
  { displayName: 'Agent ID Administrator', templateId: 'db506228-d27e-4b7d-95e5-295956d6615f', privilegedLabel: true },
  { displayName: 'Billing Administrator', templateId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe', privilegedLabel: false },
  { displayName: 'Exchange Administrator', templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de', privilegedLabel: false },
  { displayName: 'SharePoint Administrator', templateId: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', privilegedLabel: false },
  { displayName: 'Teams Administrator', templateId: '69091246-20e8-4a56-aa4d-066075b2a7a8', privilegedLabel: false },
  { displayName: 'License Administrator', templateId: '4d6ac14f-3453-41d0-bef9-a3e0c569773a', privilegedLabel: false },
];

/** A role's display name, or null for a role not in the table (custom, or not transcribed). */
export function roleDisplayName(templateId: string): string | null {
  const id = templateId.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.templateId === id)?.displayName ?? null;
}

export type MatrixColumn = 'Auth Admin' | 'User Admin' | 'Privileged Auth Admin' | 'Global Admin';
export type MatrixCell = 0 | 1;

/**
 * "Who can perform sensitive actions" (test/fixtures/graph-tables/who-can-perform-sensitive-actions-matrix.json):
 * rows are the target's role, columns the actor's role, 1 = the actor may act. Tenant-scope assignments only.
 * The Auth Admin column is also the "who can reset passwords" one, which governs authentication methods.
 */
export const SENSITIVE_ACTIONS_COLUMNS: readonly MatrixColumn[] = ['Auth Admin', 'User Admin', 'Privileged Auth Admin', 'Global Admin'];

export const SENSITIVE_ACTIONS_MATRIX: Readonly<Record<string, readonly [MatrixCell, MatrixCell, MatrixCell, MatrixCell]>> = {
  'Auth Admin': [1, 0, 1, 1],
  'Directory Readers': [1, 1, 1, 1],
  'Global Admin': [0, 0, 1, 1],
  'Groups Admin': [0, 1, 1, 1],
  'Guest Inviter': [1, 1, 1, 1],
  'Helpdesk Admin': [0, 1, 1, 1],
  'Message Center Reader': [1, 1, 1, 1],
  'Password Admin': [1, 1, 1, 1],
  'Privileged Auth Admin': [0, 0, 1, 1],
  'Privileged Role Admin': [0, 0, 1, 1],
  'Reports Reader': [1, 1, 1, 1],
  'User (no admin role)': [1, 1, 1, 1],
  'User (no admin role, but member or owner of a role-assignable group)': [0, 0, 1, 1],
  'User with a role scoped to a restricted management administrative unit': [0, 0, 1, 1],
  'User Admin': [0, 1, 1, 1],
  'User Experience Success Manager': [1, 1, 1, 1],
  'Usage Summary Reports Reader': [1, 1, 1, 1],
  'All other built-in and custom roles': [0, 0, 1, 1],
};

/** Matrix rows that name one built-in role, with that role's template id. */
export const MATRIX_ROW_ROLES: Readonly<Record<string, string>> = {
  'Auth Admin': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'Directory Readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  'Global Admin': '62e90394-69f5-4237-9190-012177145e10',
  'Groups Admin': 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  'Guest Inviter': '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  'Helpdesk Admin': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'Message Center Reader': '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
  'Password Admin': '966707d0-3269-4727-9be2-8c3a10f19b9d',
  'Privileged Auth Admin': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'Privileged Role Admin': 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'Reports Reader': '4a5d8f65-41da-4de4-8968-e035b65339cf',
  'User Admin': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'User Experience Success Manager': '27460883-1df1-4691-b032-3b79643e5e63',
  'Usage Summary Reports Reader': '75934031-6c7e-415a-99d7-48dbd49e875e',
};

const AUTH_ADMIN_COLUMN = SENSITIVE_ACTIONS_COLUMNS.indexOf('Auth Admin');

/**
 * Target roles a tenant-wide Authentication Administrator may still serve: the Auth Admin column's 1s.
 * Anything else — other built-in roles and custom roles ("All other built-in and custom roles") — is out of reach.
 */
export const AUTH_ADMIN_MANAGEABLE_ROLES: ReadonlySet<string> = new Set(
  Object.entries(MATRIX_ROW_ROLES)
    .filter(([row]) => SENSITIVE_ACTIONS_MATRIX[row]?.[AUTH_ADMIN_COLUMN] === 1)
    .map(([, templateId]) => templateId),
);

/** Roles that may create, delete and view a TAP for others (src/graph/README.md §1; Authentication Policy Administrator may not). */
export const ISSUING_ROLES: ReadonlySet<string> = new Set([
  Roles.globalAdministrator,
  Roles.privilegedAuthenticationAdministrator,
  Roles.authenticationAdministrator,
]);

/** Least privileged first: when several assignments qualify, the first of these is recorded. */
export const ISSUING_ROLE_RANK: readonly string[] = [
  Roles.authenticationAdministrator,
  Roles.privilegedAuthenticationAdministrator,
  Roles.globalAdministrator,
];

/** The names requiredRoleFor() speaks in, with their template ids. */
export const ISSUING_ROLE_KEYS = {
  authenticationAdministrator: Roles.authenticationAdministrator,
  privilegedAuthenticationAdministrator: Roles.privilegedAuthenticationAdministrator,
  globalAdministrator: Roles.globalAdministrator,
} as const;

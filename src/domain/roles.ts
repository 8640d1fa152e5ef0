// Built-in role data the rules need, transcribed from Microsoft's tables (shared/graph/tables):
// which roles may issue a pass, and which target roles an Authentication Administrator may manage
// ("Who can perform sensitive actions", Auth Admin column; the same as "who can reset passwords").
import { Roles } from './facts';

export const ISSUING_ROLES: ReadonlySet<string> = new Set([
  Roles.globalAdministrator,
  Roles.privilegedAuthenticationAdministrator,
  Roles.authenticationAdministrator,
]);

/** Target roles an Authentication Administrator may still serve. Anything else, custom roles included, is out of reach. */
export const AUTH_ADMIN_MANAGEABLE_ROLES: ReadonlySet<string> = new Set([
  'c4e39bd9-1100-46d3-8c65-fb160da0071f', // Authentication Administrator
  '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', // Directory Readers
  '95e79109-95c0-4d8e-aee3-d01accf2d47b', // Guest Inviter
  '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b', // Message Center Reader
  '966707d0-3269-4727-9be2-8c3a10f19b9d', // Password Administrator
  '4a5d8f65-41da-4de4-8968-e035b65339cf', // Reports Reader
  '27460883-1df1-4691-b032-3b79643e5e63', // User Experience Success Manager
  '75934031-6c7e-415a-99d7-48dbd49e875e', // Usage Summary Reports Reader
]);

/** Narrowest first: the authority recorded is the least role that sufficed. */
export const ISSUING_ROLE_RANK: readonly string[] = [
  Roles.authenticationAdministrator,
  Roles.privilegedAuthenticationAdministrator,
  Roles.globalAdministrator,
];

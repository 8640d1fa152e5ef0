// ★ Emulator-only seed key `delegatedAccess`: what a real tenant decides outside anything a seed can
// hold in Graph JSON (Conditional Access evaluation at sign-in, or a rule of Entra's that TAP Desk's
// own pre-check does not know). Both lists hold user object ids.
//
//   "delegatedAccess": {
//     "interactionRequired": ["<user id>"],   // on-behalf-of exchanges for this user get Entra's
//                                             // interaction_required (AADSTS50076, MFA) with a claims challenge
//     "refusedTapWrites": ["<user id>"]       // a "rule drift": Graph refuses this user's delegated TAP
//                                             // creates and deletes with 403 Authorization_RequestDenied,
//                                             // whatever their roles (TAP Desk's pre-check may still allow them)
//   }
//
// Absent = nobody. Consented delegated scopes are `applications[].grantedDelegatedPermissions`.
import { isObject } from './json';

export interface DelegatedAccess {
  interactionRequired: string[];
  refusedTapWrites: string[];
}

function ids(value: unknown, at: string, fail: (at: string, problem: string) => never): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(at, 'must be an array of user ids');
  return value.map((v, i) => (typeof v === 'string' && v.length > 0 ? v.toLowerCase() : fail(`${at}[${i}]`, 'must be a non-empty string')));
}

export function parseDelegatedAccess(raw: unknown, fail: (at: string, problem: string) => never): DelegatedAccess {
  if (raw === undefined || raw === null) return { interactionRequired: [], refusedTapWrites: [] };
  if (!isObject(raw)) fail('delegatedAccess', 'must be an object {interactionRequired[], refusedTapWrites[]}');
  return {
    interactionRequired: ids(raw.interactionRequired, 'delegatedAccess.interactionRequired', fail),
    refusedTapWrites: ids(raw.refusedTapWrites, 'delegatedAccess.refusedTapWrites', fail),
  };
}

// ★ Emulator-only seed key `verifiedId`: the tenant has Microsoft Entra Verified ID set up, so the "Verifiable
// Credentials Service Request" service principal exists (its token audience is accepted) and the Request Service answers.
//
//   "verifiedId": {
//     "authority": "did:web:verifiedid.contoso.com",   // the tenant's verifier/issuer DID (createPresentationRequest's authority)
//     "holders": ["<user id or UPN>"]                  // who holds a VerifiedEmployee credential (absent: every member user)
//   }
//
// Absent = Verified ID is not set up: tokens for its resource get Entra's AADSTS500011, as for any unknown resource.
// The app's permissions on it are `applications[].grantedVerifiedIdPermissions` (e.g. VerifiableCredential.Create.PresentRequest).
import { isObject } from './json';

export interface VerifiedIdSeed {
  authority: string;
  /** Lower-cased ids or UPNs; null: every member user holds a credential. */
  holders: string[] | null;
}

export function parseVerifiedId(raw: unknown, fail: (at: string, problem: string) => never): VerifiedIdSeed | null {
  if (raw === undefined || raw === null) return null;
  if (!isObject(raw)) fail('verifiedId', 'must be an object {authority, holders[]?}');
  const authority = raw.authority;
  if (typeof authority !== 'string' || !/^did:[a-z0-9]+:\S+$/.test(authority)) fail('verifiedId.authority', 'must be a DID (did:web:…)');
  let holders: string[] | null = null;
  if (raw.holders !== undefined && raw.holders !== null) {
    if (!Array.isArray(raw.holders)) fail('verifiedId.holders', 'must be an array of user ids or UPNs');
    holders = raw.holders.map((h, i) =>
      typeof h === 'string' && h ? h.toLowerCase() : fail(`verifiedId.holders[${i}]`, 'must be a string'),
    );
  }
  return { authority, holders };
}

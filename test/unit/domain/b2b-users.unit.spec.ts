// Guests and B2B members: the domain (who may get a pass) and the emulator (what Entra refuses on
// create) draw the line between internal and external users in the same place. Expectations are written
// out per shape of user, as Graph returns it; each side is asked separately.
import assert from 'node:assert/strict';
import { externalReason } from '../../../src/domain/eligibility';
import { toUserFact } from '../../../src/graph/facts-mapper';
import type { SeedUser } from '../../harness/emulator/seed';
import { isExternalUser } from '../../harness/emulator/temporary-access-passes';

const home = { signInType: 'userPrincipalName', issuer: 'contoso.onmicrosoft.com', issuerAssignedId: 'x@contoso.onmicrosoft.com' };
const federated = { signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null };
const invitedHost = { signInType: 'emailAddress', issuer: 'contoso.onmicrosoft.com', issuerAssignedId: 'x@fabrikam.com' };

const CASES: Array<[string, Record<string, unknown>, string | null]> = [
  ['member', { userType: 'Member', creationType: null, externalUserState: null, identities: [home] }, null],
  ['internal guest (own credentials here)', { userType: 'Guest', creationType: null, externalUserState: null, identities: [home] }, null],
  [
    'external guest, accepted',
    { userType: 'Guest', creationType: 'Invitation', externalUserState: 'Accepted', identities: [federated] },
    'invitation',
  ],
  [
    'external guest, invitation pending',
    { userType: 'Guest', creationType: 'Invitation', externalUserState: 'PendingAcceptance', identities: [invitedHost] },
    'invitation',
  ],
  [
    'B2B member signing in at home',
    { userType: 'Member', creationType: 'Invitation', externalUserState: 'Accepted', identities: [federated] },
    'invitation',
  ],
  [
    'B2B member, invitation pending',
    { userType: 'Member', creationType: 'Invitation', externalUserState: 'PendingAcceptance', identities: [invitedHost] },
    'invitation',
  ],
  [
    'invited, converted to internal',
    { userType: 'Member', creationType: 'Invitation', externalUserState: 'Accepted', identities: [home] },
    null,
  ],
  [
    'self-service sign-up',
    { userType: 'Guest', creationType: 'SelfServiceSignUp', externalUserState: 'Accepted', identities: [invitedHost] },
    'self-service-sign-up',
  ],
  [
    'member with a federated identity only',
    { userType: 'Member', creationType: null, externalUserState: null, identities: [federated] },
    'federated-identity',
  ],
];

describe('B2B users: domain and emulator agree', () => {
  for (const [name, shape, reason] of CASES) {
    const json = {
      id: '00000000-0000-4000-8000-000000000001',
      userPrincipalName: 'x@contoso.onmicrosoft.com',
      displayName: 'X',
      accountEnabled: true,
      ...shape,
    };
    it(`${name}: ${reason === null ? 'may get a pass' : `external (${reason})`}`, () => {
      assert.equal(externalReason(toUserFact(json)), reason, 'domain');
      assert.equal(isExternalUser(json as unknown as SeedUser), reason !== null, 'emulator');
    });
  }
});

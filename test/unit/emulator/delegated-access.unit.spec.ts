// Entra's delegated rules as the emulator applies them, decided from Microsoft's tables on contoso and
// small changes of it: each case also checks the neighbouring one that flips the answer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decideMethodAccess } from '../../harness/emulator/delegated-access';
import { isAudienceOf } from '../../harness/emulator/on-behalf-of';
import { loadSeed } from '../../harness/emulator/seed';
import { Tenant } from '../../harness/emulator/tenant';
import { CONTOSO } from '../../support/emulator';
import { PEOPLE, ROLES, UNITS } from '../../integration/emulator/contoso-people';

/* eslint-disable @typescript-eslint/no-explicit-any -- seed JSON */
const LEEG = '61ee6498-7382-539d-bb56-ded6fb935ff4';
const JOHANNAL = 'fb8d8d00-cf2d-5b9c-8c8c-709bbc19b47f';

function tenantWith(change: (seed: any) => void = () => undefined): Tenant {
  const seed = JSON.parse(readFileSync(CONTOSO, 'utf8'));
  change(seed);
  return new Tenant(loadSeed(seed));
}

const may = (tenant: Tenant, actor: string, target: string, access: 'read' | 'write' = 'write') =>
  decideMethodAccess(tenant, actor, tenant.requireUser(target), access).allowed;

describe('emulated Entra: delegated authentication-method access', () => {
  const contoso = tenantWith();

  it('a role through a role-assignable group counts (Patti); through an ordinary group it would not', () => {
    assert.equal(may(contoso, PEOPLE.pattif, PEOPLE.alexw), true);
    const notAssignable = tenantWith((seed) => seed.groups.forEach((g: any) => (g.isAssignableToRole = false)));
    assert.equal(may(notAssignable, PEOPLE.pattif, PEOPLE.alexw), false);
  });

  it('PIM-eligible roles do not count for the actor until active', () => {
    assert.equal(may(contoso, PEOPLE.henriettam, PEOPLE.alexw), false);
    const activated = tenantWith((seed) =>
      seed.roleAssignments.push({
        id: 'x',
        principalId: PEOPLE.henriettam,
        roleDefinitionId: ROLES.privilegedAuthenticationAdministrator,
        directoryScopeId: '/',
      }),
    );
    assert.equal(may(activated, PEOPLE.henriettam, PEOPLE.alexw), true);
  });

  it('an eligible Global Administrator target is protected from an Authentication Administrator', () => {
    assert.equal(may(contoso, PEOPLE.meganb, JOHANNAL), false);
    assert.equal(may(contoso, PEOPLE.adelev, JOHANNAL), true);
  });

  it('an administrative-unit scope covers its direct members only', () => {
    assert.equal(may(contoso, PEOPLE.jonis, PEOPLE.gradya), true);
    assert.equal(may(contoso, PEOPLE.jonis, PEOPLE.alexw), false);
    const moved = tenantWith((seed) => seed.administrativeUnits.find((u: any) => u.id === UNITS.munich).members.push(PEOPLE.alexw));
    assert.equal(may(moved, PEOPLE.jonis, PEOPLE.alexw), true);
  });

  it('restricted-management units: writes only by admins scoped to the unit; reads are not restricted', () => {
    assert.equal(may(contoso, LEEG, PEOPLE.nestorw), false);
    assert.equal(may(contoso, LEEG, PEOPLE.nestorw, 'read'), true);
    const open = tenantWith((seed) => seed.administrativeUnits.forEach((u: any) => (u.isMemberManagementRestricted = false)));
    assert.equal(may(open, LEEG, PEOPLE.nestorw), true);
  });

  it('Helpdesk Administrator is not a role the TAP operations support', () => {
    assert.equal(may(contoso, PEOPLE.benw, PEOPLE.alexw), false);
  });

  it('an exposed API audience: the app id, api://{appId}, api://botid-{appId}, api://host/{appId}; nothing else', () => {
    const app = '7f0a3c1e-0000-4000-8000-000000000001';
    for (const aud of [app, `api://${app}`, `api://botid-${app}`, `api://tapdesk.example.com/botid-${app}`])
      assert.equal(isAudienceOf(aud, app), true, aud);
    for (const aud of ['https://graph.microsoft.com', `api://${app}-x`, `https://${app}`]) assert.equal(isAudienceOf(aud, app), false, aud);
  });
});

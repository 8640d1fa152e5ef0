// Role and scope rules as Entra applies them (issue 14, item 4), over HTTP against the emulated tenant:
// a role scoped to an ordinary administrative unit is judged as that role; a group inside a unit does
// not bring its members into an AU-scoped approver's reach; a PIM-for-Groups-eligible member of a
// role-assignable group needs a Privileged Authentication Administrator. The tenant is a copy of the
// demo tenant with these cases added (and the PIM for Groups read permission granted).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTOSO_SEED, startStack, type Stack } from '../../support/stack';
import { cardOf, textOf } from '../../support/teams-client';
import { approve, fileRequest, passIn, tapCreates } from './journey';

const PASSWORD_ADMIN = '966707d0-3269-4727-9be2-8c3a10f19b9d';
const BERLIN = '3f0c2a9e-6a51-4f7e-9f43-1b2f6d0c8a11';
const CONTRACTORS = 'b7d1c0a4-2e6f-4c1b-8f0e-5a9d3c2b1e77';
const IDENTITY_OPERATIONS = '7c4a40b3-6e95-52e2-a61e-336bb54e17c2';
const MUNICH = '74da6635-d0d9-5176-80c4-92c879b8cd42';

/* eslint-disable @typescript-eslint/no-explicit-any -- seed JSON */
function variant(): { file: string; dir: string } {
  const seed = JSON.parse(readFileSync(CONTOSO_SEED, 'utf8'));
  const id = (alias: string): string => seed.users.find((u: any) => u.userPrincipalName.toLowerCase().startsWith(`${alias}@`)).id;
  seed.applications[0].grantedApplicationPermissions.push('PrivilegedEligibilitySchedule.Read.AzureADGroup');
  // Christie: Password Administrator for an ordinary unit she is not a member of.
  seed.administrativeUnits.push({ id: BERLIN, displayName: 'Berlin office', isMemberManagementRestricted: false, members: [] });
  seed.roleAssignments.push({
    id: 'ra-christie-password-berlin',
    principalId: id('christiec'),
    roleDefinitionId: PASSWORD_ADMIN,
    directoryScopeId: `/administrativeUnits/${BERLIN}`,
  });
  // Debra: in a (plain) group that the Munich unit holds, not in the unit herself.
  seed.groups.push({
    id: CONTRACTORS,
    displayName: 'Munich contractors',
    securityEnabled: true,
    isAssignableToRole: false,
    members: [id('debrab')],
    owners: [],
  });
  seed.administrativeUnits.find((u: any) => u.id === MUNICH).members.push(CONTRACTORS);
  // Enrico: eligible (PIM for Groups), not active, for membership of the role-assignable Identity Operations group.
  seed.groupEligibilitySchedules = [
    {
      id: `${IDENTITY_OPERATIONS}_member_${id('enricoc')}`,
      principalId: id('enricoc'),
      groupId: IDENTITY_OPERATIONS,
      accessId: 'member',
      memberType: 'Direct',
      status: 'Provisioned',
    },
  ];
  const dir = mkdtempSync(path.join(tmpdir(), 'tapdesk-unit-scope-'));
  const file = path.join(dir, 'contoso-unit-scope.json');
  writeFileSync(file, JSON.stringify(seed));
  return { file, dir };
}

describe('role and scope rules as Entra applies them', function () {
  this.timeout(90_000);
  let stack: Stack;
  let dir: string;

  before(async () => {
    const seed = variant();
    dir = seed.dir;
    stack = await startStack({ seed: seed.file });
  });
  after(async () => {
    await stack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a tenant-wide Authentication Administrator serves a Password Administrator scoped to an ordinary unit: issued', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.christiec!);
    const before = tapCreates(stack);
    const card = cardOf(await approve(client, people.meganb!, requestId));
    assert.ok(passIn(card), `expected the pass, got:\n${textOf(card)}`);
    assert.doesNotMatch(textOf(card), /restricted/i);
    assert.equal(tapCreates(stack), before + 1);
  });

  it('an AU-scoped approver does not reach a member of a group the unit holds', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.debrab!);
    const before = tapCreates(stack);
    const text = textOf(cardOf(await approve(client, people.jonis!, requestId)));
    assert.match(text, /Your role applies only to the administrative unit Munich office, and this person is not in it/);
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'names, not ids');
    assert.equal(tapCreates(stack), before, 'no pass may be created');
  });

  it('a PIM-for-Groups-eligible member of a role-assignable group needs a Privileged Authentication Administrator', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.enricoc!);
    const before = tapCreates(stack);
    const refused = textOf(cardOf(await approve(client, people.meganb!, requestId)));
    assert.match(refused, /role-assignable group Identity Operations, so a Privileged Authentication Administrator is needed/);
    assert.equal(tapCreates(stack), before, 'no pass may be created');
    const issued = cardOf(await approve(client, people.adelev!, requestId));
    assert.ok(passIn(issued), `expected the pass, got:\n${textOf(issued)}`);
    assert.equal(tapCreates(stack), before + 1);
  });
});

// The benchmark tenant: contoso's cast plus a cohort of new hires (an onboarding day), each an
// ordinary member in the TAP policy, so a burst can give every one of them exactly one pass.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { CONTOSO_SEED } from '../../support/stack';
import type { Persona } from '../../support/teams-client';

interface SeedUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  [key: string]: unknown;
}

/** A stable GUID per name, so runs are comparable. */
function guidOf(name: string): string {
  const h = createHash('sha256').update(`tapdesk-bench:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface BenchTenant {
  seed: Record<string, unknown>;
  newHires: Persona[];
  /** Service desk analysts like Megan (her roles, groups and methods): each approves once, with no token held for them. */
  approvers: Persona[];
}

interface RoleAssignment {
  id: string;
  principalId: string;
  [key: string]: unknown;
}

/** `count` copies of Megan (the service desk analyst who approves), each with her role assignments, groups and methods. */
function addApprovers(seed: Record<string, unknown>, count: number): Persona[] {
  const users = seed.users as SeedUser[];
  const megan = users.find((u) => u.userPrincipalName === 'meganb@contoso.com');
  if (!megan) throw new Error('the contoso seed has no meganb to model approvers on');
  const roles = seed.roleAssignments as RoleAssignment[];
  const groups = seed.groups as Array<{ members: string[] }>;
  const methods = seed.authenticationMethods as Record<string, unknown[]>;
  const out: Persona[] = [];
  for (let i = 1; i <= count; i += 1) {
    const alias = `approver${String(i).padStart(3, '0')}`;
    const upn = `${alias}@contoso.com`;
    const id = guidOf(alias);
    users.push({
      ...megan,
      id,
      displayName: `Approver ${i}`,
      surname: `Approver ${i}`,
      userPrincipalName: upn,
      mail: upn,
      identities: [{ signInType: 'userPrincipalName', issuer: 'contoso.onmicrosoft.com', issuerAssignedId: upn }],
    });
    for (const role of roles.filter((r) => r.principalId === megan.id))
      roles.push({ ...role, id: guidOf(`${alias}:${role.id}`), principalId: id });
    for (const group of groups) if (group.members.includes(megan.id)) group.members.push(id);
    if (methods[megan.id])
      methods[id] = (methods[megan.id] as Array<Record<string, unknown>>).map((m) => ({ ...m, id: guidOf(`${alias}:${String(m.id)}`) }));
    out.push({ id, upn, name: `Approver ${i}` });
  }
  return out;
}

export function benchTenant(newHireCount: number, approverCount = 0): BenchTenant {
  const seed = JSON.parse(readFileSync(CONTOSO_SEED, 'utf8')) as { users: SeedUser[] } & Record<string, unknown>;
  const template = seed.users.find((u) => u.userPrincipalName === 'alexw@contoso.com');
  if (!template) throw new Error('the contoso seed has no alexw to model new hires on');
  const newHires: Persona[] = [];
  for (let i = 1; i <= newHireCount; i += 1) {
    const alias = `newhire${String(i).padStart(4, '0')}`;
    const upn = `${alias}@contoso.com`;
    const user: SeedUser = {
      ...template,
      id: guidOf(alias),
      displayName: `New Hire ${i}`,
      givenName: 'New',
      surname: `Hire ${i}`,
      userPrincipalName: upn,
      mail: upn,
      jobTitle: 'Associate',
      identities: [{ signInType: 'userPrincipalName', issuer: 'contoso.onmicrosoft.com', issuerAssignedId: upn }],
    };
    seed.users.push(user);
    newHires.push({ id: user.id, upn, name: user.displayName });
  }
  return { seed, newHires, approvers: addApprovers(seed, approverCount) };
}

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
}

export function benchTenant(newHireCount: number): BenchTenant {
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
  return { seed, newHires };
}

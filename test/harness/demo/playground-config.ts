// `.m365agentsplayground.yml` for one persona, made from the tenant seed and written as JSON (valid YAML
// 1.2). The Playground puts the current user's `aadObjectId` into `from.aadObjectId`, and the bot takes the acting person from
// there, so each Teams user carries the seed user's Entra object id.
//
// Limits of the Playground's schema (config.schema.json 0.1.1 in the package): exactly five other
// users, one group chat, one team with General plus at most one channel. So the team holds the
// persona and five colleagues (the other personas first), not the whole tenant.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { aliasOf, type Persona, type SeedPeople, type SeedUser } from './seed-people';

export const PLAYGROUND_OTHER_USERS = 5;
export const APPROVALS_CHANNEL_NAME = 'TAP approvals';
/** Conversation ids as Teams shapes them; the same in every Playground (each has its own service URL). */
export const TEAM_ID = '19:tapdesk-team@thread.tacv2';
export const APPROVALS_CHANNEL_ID = '19:tap-approvals@thread.tacv2';

export interface PlaygroundConfigInput {
  people: SeedPeople;
  current: Persona;
  /** Preferred colleagues (other personas), placed first in the team. */
  colleagues: Persona[];
}

/** A stable GUID from text, for ids the seed has no counterpart for (the team's group). */
function guidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function teamsUser(user: SeedUser) {
  const [first, ...rest] = user.displayName.split(' ');
  return {
    id: `29:${user.id}`,
    name: user.displayName,
    userPrincipleName: user.userPrincipalName, // sic: the Playground's spelling
    aadObjectId: user.id,
    givenName: user.givenName ?? first ?? user.displayName,
    surname: user.surname ?? (rest.join(' ') || '-'),
    email: user.mail ?? user.userPrincipalName,
  };
}

/** The schema demands exactly five; a small seed is padded with people who are not in the tenant. */
function placeholder(index: number, tenantId: string): SeedUser {
  return {
    id: guidFrom(`${tenantId}/placeholder/${index}`),
    userPrincipalName: `placeholder${index}@example.invalid`,
    displayName: `Placeholder ${index} (not in the tenant)`,
  };
}

export function colleaguesFor(input: PlaygroundConfigInput): SeedUser[] {
  const chosen: SeedUser[] = [];
  const taken = new Set([input.current.id]);
  for (const user of [...input.colleagues, ...input.people.users]) {
    if (chosen.length === PLAYGROUND_OTHER_USERS) break;
    if (taken.has(user.id)) continue;
    taken.add(user.id);
    chosen.push(user);
  }
  for (let i = 1; chosen.length < PLAYGROUND_OTHER_USERS; i += 1) chosen.push(placeholder(i, input.people.tenantId));
  return chosen;
}

export function playgroundConfig(input: PlaygroundConfigInput): string {
  const { people, current } = input;
  const config = {
    version: '0.1.1',
    tenantId: people.tenantId,
    bot: { id: '28:tapdesk', name: 'TAP Desk' },
    currentUser: teamsUser(current),
    users: colleaguesFor(input).map(teamsUser),
    personalChat: { id: `a:tapdesk-personal-${aliasOf(current)}` },
    groupChat: { id: `19:tapdesk-group-${aliasOf(current)}@thread.v2`, name: `${people.tenantName} colleagues` },
    team: {
      id: TEAM_ID,
      name: `${people.tenantName} IT`,
      aadGroupId: guidFrom(`${people.tenantId}/team`),
      channels: [{ id: APPROVALS_CHANNEL_ID, name: APPROVALS_CHANNEL_NAME }],
    },
  };
  // JSON is YAML 1.2, which the Playground reads: no YAML writer of our own, nothing (an empty list) lost.
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Writes the file and returns its path. */
export function writePlaygroundConfig(dir: string, input: PlaygroundConfigInput): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${aliasOf(input.current)}.m365agentsplayground.yml`);
  writeFileSync(file, playgroundConfig(input));
  return file;
}

// The demo's Playground config is JSON (which YAML 1.2 reads): every field the Playground needs
// survives as written, including lists, and names that YAML would read as something else stay strings.
import assert from 'node:assert/strict';
import path from 'node:path';
import { APPROVALS_CHANNEL_ID, PLAYGROUND_OTHER_USERS, TEAM_ID, playgroundConfig } from '../../harness/demo/playground-config';
import { findPersona, readSeedPeople, type SeedPeople } from '../../harness/demo/seed-people';

const SEED = path.resolve(__dirname, '../../fixtures/seeds/contoso.json');

interface Config {
  version: string;
  tenantId: string;
  currentUser: { aadObjectId: string; name: string };
  users: { aadObjectId: string; name: string }[];
  team: { id: string; channels: { id: string; name: string }[] };
}

describe('demo: Playground config', () => {
  const people = readSeedPeople(SEED);
  const alex = findPersona(people, 'alexw')!;
  const megan = findPersona(people, 'meganb')!;

  it('is JSON carrying the persona, five colleagues (other personas first) and the approvals channel', () => {
    const config = JSON.parse(playgroundConfig({ people, current: alex, colleagues: [megan] })) as Config;
    assert.equal(config.version, '0.1.1');
    assert.equal(config.tenantId, people.tenantId);
    assert.equal(config.currentUser.aadObjectId, alex.id);
    assert.equal(config.users.length, PLAYGROUND_OTHER_USERS);
    assert.equal(config.users[0]?.aadObjectId, megan.id);
    assert.ok(!config.users.some((u) => u.aadObjectId === alex.id), 'the persona is not their own colleague');
    assert.equal(config.team.id, TEAM_ID);
    assert.deepEqual(config.team.channels, [{ id: APPROVALS_CHANNEL_ID, name: 'TAP approvals' }]);
  });

  it('keeps names YAML would misread (yes, a leading #, a colon) as the same strings', () => {
    const odd: SeedPeople = {
      ...people,
      tenantName: 'yes: # no',
      users: people.users.map((u) => (u.id === alex.id ? { ...u, displayName: 'No #1: Alex' } : u)),
    };
    const current = findPersona(odd, 'alexw')!;
    const config = JSON.parse(playgroundConfig({ people: odd, current, colleagues: [] })) as Config & { team: { name: string } };
    assert.equal(config.currentUser.name, 'No #1: Alex');
    assert.equal(config.team.name, 'yes: # no IT');
  });

  it('pads a tenant of fewer than six people with placeholders outside the tenant', () => {
    const small: SeedPeople = { ...people, users: [alex, megan] };
    const config = JSON.parse(playgroundConfig({ people: small, current: alex, colleagues: [] })) as Config;
    assert.equal(config.users.length, PLAYGROUND_OTHER_USERS);
    assert.equal(config.users.filter((u) => u.name.startsWith('Placeholder')).length, PLAYGROUND_OTHER_USERS - 1);
  });
});

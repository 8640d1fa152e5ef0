// What the help desk and approvers read names people, roles, units and groups; an id appears only
// where nothing names it (an admin may copy it).
import assert from 'node:assert/strict';
import { auditLines } from '../../../src/teams/views/help-desk-views';
import { explain } from '../../../src/teams/texts';
import { mayShowPass } from '../../../src/teams/notifier';
import { viewOf } from '../../../src/app/kernel/request-view';
import type { AuditEntry } from '../../../src/app/kernel/ports';
import { Roles } from '../../../src/domain/facts';

const UNIT = '5c3a8b1e-0d2f-4a59-9a4e-1f2b3c4d5e6f';
const MEGAN = '6e7b768e-07e2-4810-8459-485f84f8f204';

function entry(details: AuditEntry['details']): AuditEntry {
  return {
    at: '2026-11-22T12:00:00.000Z',
    action: 'pass.issued',
    actor: { id: MEGAN, displayName: 'Megan Bowen' },
    targetUserId: 'x',
    requestId: 'TAP-0001',
    outcome: 'ok',
    details,
  };
}

describe('names, not ids, in what the help desk reads', () => {
  it('an audit line names the approver, the role and the unit', () => {
    const [line] = auditLines([
      entry({
        approver: MEGAN,
        approverName: 'Megan Bowen',
        role: Roles.authenticationAdministrator,
        scope: `/administrativeUnits/${UNIT}`,
        scopeName: 'Munich',
        shownTo: MEGAN,
        shownToName: 'Megan Bowen',
        verification: 'call-back',
      }),
    ]);
    assert.match(line!, /approved by Megan Bowen/);
    assert.match(line!, /as Authentication Administrator/);
    assert.match(line!, /in the unit "Munich"/);
    assert.match(line!, /shown to Megan Bowen/);
    assert.ok(!line!.includes(MEGAN) && !line!.includes(UNIT) && !line!.includes(Roles.authenticationAdministrator), line);
  });

  it('an older audit row without names still shows the ids an admin can look up', () => {
    const [line] = auditLines([entry({ approver: MEGAN, scope: `/administrativeUnits/${UNIT}`, role: Roles.authenticationAdministrator })]);
    assert.ok(line!.includes(MEGAN) && line!.includes(UNIT), line);
    assert.match(line!, /tenant-wide|in the unit/);
  });

  it('an excluded group and an eligible unit are named', () => {
    assert.match(
      explain({ code: 'target.excluded-by-policy', params: { via: 'group', groupId: UNIT, group: 'Contractors' } }).text,
      /"Contractors"/,
    );
    assert.doesNotMatch(
      explain({ code: 'target.excluded-by-policy', params: { via: 'group', groupId: UNIT, group: 'Contractors' } }).text,
      new RegExp(UNIT),
    );
    assert.match(
      explain({ code: 'issuer.role-eligible-only', params: { role: Roles.authenticationAdministrator, scope: UNIT, unit: 'Munich' } }).text,
      /Authentication Administrator in the administrative unit "Munich"/,
    );
  });
});

describe("the notifier leaves the pass holder's card alone", () => {
  const person = (id: string) => ({ id, userPrincipalName: `${id}@contoso.com`, displayName: id });
  const base = {
    id: 'TAP-0001',
    requester: person('alex'),
    target: person('alex'),
    reason: { code: 'lost-device' as const, text: null },
    pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null },
    createdAt: 'a',
    expiresAt: 'b',
    replacesLivePass: false,
    reminderSentAt: null,
    status: 'issued' as const,
    approval: {
      by: person('megan'),
      at: 'a',
      verification: 'call-back' as const,
      verificationNote: null,
      authority: { roleTemplateId: 'r', scope: { kind: 'tenant' as const } },
    },
    issued: { id: 'p', createdDateTime: 'a', startDateTime: 'a', lifetimeInMinutes: 60, isUsableOnce: true, expiresAt: 'b' },
    shownAt: 'a',
    handoverDueAt: '2026-01-01T00:05:00Z',
  };
  const channel = { kind: 'approval' as const, reference: {}, activityId: 'm1', viewerId: null };
  const alexCard = { kind: 'status' as const, reference: {}, activityId: 'm2', viewerId: 'alex' };

  it("approver delivery: the approval card waits, the requester's card may change", () => {
    const request = { ...base, delivery: 'approver' as const, shownTo: person('megan'), handedOverAt: null };
    assert.equal(mayShowPass(viewOf(request), channel), true);
    assert.equal(mayShowPass(viewOf(request), alexCard), false);
    assert.equal(mayShowPass(viewOf({ ...request, handedOverAt: 'c' }), channel), false, 'after the hand-over every copy updates');
  });

  it("requester delivery: the requester's own card waits, the channel may change", () => {
    const request = { ...base, delivery: 'requester' as const, shownTo: person('alex'), handedOverAt: null };
    assert.equal(mayShowPass(viewOf(request), alexCard), true);
    assert.equal(mayShowPass(viewOf(request), channel), false);
  });
});

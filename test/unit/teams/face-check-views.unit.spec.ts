// The Face Check in words on the approval card: only "Passed" reads as a pass; a score is rounded down, so one just under
// the threshold never reads as reaching it; health lists Face Check and the manager read, each degrading alone.
import assert from 'node:assert/strict';
import { faceCheckLine } from '../../../src/teams/views/face-check-views';
import { healthView } from '../../../src/teams/views/health-views';
import { capabilityReport } from '../../../src/domain/capabilities';
import { featureCapabilities } from '../../../src/domain/feature-capabilities';
import type { FaceCheck } from '../../../src/domain/request-types';

const megan = { id: 'm', displayName: 'Megan Bowen', userPrincipalName: 'meganb@contoso.com' };
const base = { askedBy: megan, askedAt: '2026-12-07T10:00:00.000Z', threshold: 80 };
const at = '2026-12-07T10:02:00.000Z';

describe('Face Check line on the approval card', () => {
  it('each state, and only a pass without "does not count"', () => {
    const lines = (
      [
        { ...base, state: 'asked' },
        { ...base, state: 'asked', sentToChat: false },
        { ...base, state: 'asked', openedAt: at },
        { ...base, state: 'passed', matchConfidence: 92.7, at },
        { ...base, state: 'below-threshold', matchConfidence: 79.99, at },
        { ...base, state: 'declined', at, why: 'declined' },
        { ...base, state: 'failed', at, why: 'x', code: 'below-threshold' },
        { ...base, state: 'failed', at, why: "the credential presented is not christiec@contoso.com's", code: 'not-target' },
      ] as FaceCheck[]
    ).map((c) => faceCheckLine(c, 'Christie Cline') ?? '');
    assert.match(lines[0]!, /^asked by Megan Bowen at .*; the link is in Christie Cline's chat, no result yet$/);
    assert.match(lines[1]!, /has no chat with TAP Desk yet/);
    assert.match(lines[2]!, /opened in Authenticator at/);
    assert.match(lines[3]!, /^Passed with confidence 92% \(threshold 80%\)/);
    assert.match(lines[4]!, /^Below the threshold: 79% \(threshold 80%\) — does not count/);
    assert.match(lines[5]!, /^Declined .* — does not count/);
    assert.match(lines[6]!, /^Below the threshold \(80%; Verified ID does not report the score\) — does not count/);
    assert.match(lines[7]!, /^Failed: the credential presented is not christiec@contoso\.com's — does not count/);
    assert.equal(lines.filter((l) => !/does not count|no result yet|no chat/.test(l)).length, 1);
    assert.equal(faceCheckLine(undefined, 'Christie Cline'), null);
    const ticket = { serviceRequestId: 's', keyHash: 'h', expiresAt: '2026-12-07T10:05:00.000Z' };
    const expired = faceCheckLine({ ...base, state: 'asked', ticket }, 'Christie Cline', new Date('2026-12-07T10:06:00.000Z'));
    assert.match(expired ?? '', /the link expired at .* without a result — ask again/);
    const live = faceCheckLine({ ...base, state: 'asked', ticket }, 'Christie Cline', new Date('2026-12-07T10:04:00.000Z'));
    assert.match(live ?? '', /no result yet$/);
  });
});

describe('health: the manager read and Face Check degrade alone', () => {
  const ALL = ['User.Read.All', 'GroupMember.Read.All', 'RoleManagement.Read.Directory', 'RoleEligibilitySchedule.Read.Directory'];
  const P2 = { p1: true, p2: true };

  it('not configured: listed as such, and the headline does not count it as a problem', () => {
    const capabilities = [...capabilityReport(ALL, P2), ...featureCapabilities(ALL, { configured: false })];
    const view = healthView(capabilities, P2);
    assert.ok(
      view.details.some((d) => /^Face Check \(Verified ID\): not configured \(not configured: approval cards do not offer it/.test(d)),
    );
    assert.doesNotMatch(view.body, /Face Check/);
  });

  it('configured and failing: only Face Check is off, with the reason and the fix; the manager read follows User.Read.All', () => {
    const failing = featureCapabilities(ALL, { configured: true, ok: false, reason: 'the permission is not granted' });
    assert.deepEqual(
      failing.map((c) => [c.id, c.status]),
      [
        ['manager-check', 'ok'],
        ['face-check', 'off'],
      ],
    );
    assert.match(failing[1]!.fixes.join(), /VerifiableCredential\.Create\.PresentRequest/);
    const noUserRead = featureCapabilities([], { configured: true, ok: true });
    assert.deepEqual(
      noUserRead.map((c) => c.status),
      ['off', 'ok'],
    );
  });
});

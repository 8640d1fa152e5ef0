import assert from 'node:assert/strict';
import { type TapPolicy, lifetimeAllowed, policyAppliesTo, tapPolicyFrom } from '../../harness/emulator/tap-policy';
import { tapUsability, tapWindow } from '../../harness/emulator/tap-usability';

const now = new Date('2025-06-02T10:00:00.000Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
const enabled = { appliesToUser: true, requiresOneTime: false };

describe('emulator: TAP usability at read time', () => {
  it('a pass inside its window is usable (Lidia)', () => {
    assert.deepEqual(
      tapUsability(
        { createdDateTime: minutesAgo(20), startDateTime: minutesAgo(20), lifetimeInMinutes: 60, isUsableOnce: true },
        enabled,
        now,
      ),
      {
        isUsable: true,
        methodUsabilityReason: 'EnabledByPolicy',
      },
    );
  });

  it('after its lifetime it is Expired (Ben), counting from startDateTime', () => {
    assert.equal(
      tapUsability(
        { createdDateTime: minutesAgo(2 * 24 * 60), startDateTime: minutesAgo(2 * 24 * 60), lifetimeInMinutes: 60, isUsableOnce: true },
        enabled,
        now,
      ).methodUsabilityReason,
      'Expired',
    );
    // Exactly at the end it is no longer usable.
    assert.equal(
      tapUsability({ createdDateTime: minutesAgo(60), lifetimeInMinutes: 60, isUsableOnce: false }, enabled, now).methodUsabilityReason,
      'Expired',
    );
  });

  it('before its start it is NotYetValid (Allan)', () => {
    const tomorrow = new Date(now.getTime() + 86_400_000).toISOString();
    assert.deepEqual(
      tapUsability({ createdDateTime: minutesAgo(10), startDateTime: tomorrow, lifetimeInMinutes: 120, isUsableOnce: true }, enabled, now),
      {
        isUsable: false,
        methodUsabilityReason: 'NotYetValid',
      },
    );
  });

  it('a used one-time pass is OneTimeUsed (Enrico), even once its lifetime is over', () => {
    const used = {
      createdDateTime: minutesAgo(180),
      startDateTime: minutesAgo(180),
      lifetimeInMinutes: 480,
      isUsableOnce: true,
      lastUsedDateTime: minutesAgo(170),
    };
    assert.equal(tapUsability(used, enabled, now).methodUsabilityReason, 'OneTimeUsed');
    assert.equal(tapUsability({ ...used, lifetimeInMinutes: 60 }, enabled, now).methodUsabilityReason, 'OneTimeUsed');
    // A multi-use pass stays usable after a use.
    assert.equal(tapUsability({ ...used, isUsableOnce: false }, enabled, now).methodUsabilityReason, 'EnabledByPolicy');
  });

  it('the policy wins: out of scope, disabled, or multi-use under a one-time policy is DisabledByPolicy', () => {
    const fresh = { createdDateTime: minutesAgo(5), lifetimeInMinutes: 60, isUsableOnce: false };
    assert.equal(tapUsability(fresh, { appliesToUser: false, requiresOneTime: false }, now).methodUsabilityReason, 'DisabledByPolicy');
    assert.equal(tapUsability(fresh, { appliesToUser: true, requiresOneTime: true }, now).methodUsabilityReason, 'DisabledByPolicy');
    assert.equal(
      tapUsability({ ...fresh, isUsableOnce: true }, { appliesToUser: true, requiresOneTime: true }, now).methodUsabilityReason,
      'EnabledByPolicy',
    );
  });

  it('the window starts at creation when there is no startDateTime', () => {
    assert.deepEqual(
      tapWindow({ createdDateTime: '2025-06-02T10:00:00Z', startDateTime: null, lifetimeInMinutes: 10, isUsableOnce: true }),
      {
        start: Date.parse('2025-06-02T10:00:00Z'),
        end: Date.parse('2025-06-02T10:10:00Z'),
      },
    );
  });
});

describe('emulator: TAP policy', () => {
  const policy: TapPolicy = tapPolicyFrom({
    state: 'enabled',
    defaultLifetimeInMinutes: 60,
    defaultLength: 8,
    minimumLifetimeInMinutes: 60,
    maximumLifetimeInMinutes: 480,
    isUsableOnce: false,
    includeTargets: [{ id: 'all_users', targetType: 'group' }],
    excludeTargets: [{ id: 'EXCLUDED-GROUP', targetType: 'group' }],
  });

  it('applies to all_users except an excluded group (ids case-insensitive)', () => {
    assert.equal(policyAppliesTo(policy, ['user-1']), true);
    assert.equal(policyAppliesTo(policy, ['user-1', 'excluded-group']), false);
    assert.equal(policyAppliesTo({ ...policy, enabled: false }, ['user-1']), false);
  });

  it('with group targets, applies only to their (transitive) members', () => {
    const scoped = { ...policy, includeTargetIds: ['tap-users'], excludeTargetIds: [] };
    assert.equal(policyAppliesTo(scoped, ['user-1']), false);
    assert.equal(policyAppliesTo(scoped, ['user-1', 'nested', 'tap-users']), true);
  });

  it('allows lifetimes within the policy and Entra bounds only', () => {
    assert.equal(lifetimeAllowed(policy, 60), true);
    assert.equal(lifetimeAllowed(policy, 480), true);
    assert.equal(lifetimeAllowed(policy, 59), false);
    assert.equal(lifetimeAllowed(policy, 481), false);
    assert.equal(lifetimeAllowed(policy, 90.5), false);
    assert.equal(lifetimeAllowed({ ...policy, minimumLifetimeInMinutes: 1, maximumLifetimeInMinutes: 100000 }, 5), false);
    assert.equal(lifetimeAllowed({ ...policy, minimumLifetimeInMinutes: 1, maximumLifetimeInMinutes: 100000 }, 50000), false);
  });

  it('reads a missing or odd configuration with Entra defaults', () => {
    const read = tapPolicyFrom({ state: 'disabled', defaultLength: 100 });
    assert.deepEqual(read, {
      enabled: false,
      defaultLifetimeInMinutes: 60,
      defaultLength: 48,
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 480,
      isUsableOnce: false,
      includeTargetIds: [],
      excludeTargetIds: [],
    });
  });
});

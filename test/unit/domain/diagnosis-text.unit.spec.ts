// Wording helpers: humane durations, clock times relative to now, Conditional Access controls.
import assert from 'node:assert/strict';
import { clock, duration, grantControl, joinWords, relative, requirementWords } from '../../../src/domain/diagnosis/text';

const NOW = new Date('2025-06-02T10:00:00Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MIN).toISOString();

describe('diagnosis wording', () => {
  it('durations read like a person would say them', () => {
    const cases: Array<[number, string]> = [
      [20_000, 'less than a minute'],
      [2 * MIN, '2 min'],
      [59 * MIN, '59 min'],
      [60 * MIN, '1 h'],
      [90 * MIN, '1 h 30 min'],
      [120 * MIN, '2 h'],
      [23 * 60 * MIN, '23 h'],
      [47 * 60 * MIN, '2 days'],
      [-120 * MIN, '2 h'],
    ];
    for (const [ms, words] of cases) assert.equal(duration(ms), words, String(ms));
  });

  it('relative to now', () => {
    assert.equal(relative(at(-120), NOW), '2 h ago');
    assert.equal(relative(at(24 * 60), NOW), 'in 24 h');
    assert.equal(relative(at(0), NOW), 'just now');
    assert.equal(relative(null, NOW), '');
  });

  it('clock times say today, tomorrow or the date, in UTC', () => {
    assert.equal(clock(at(-60), NOW), 'today at 09:00 UTC');
    assert.equal(clock(at(23 * 60), NOW), 'tomorrow at 09:00 UTC');
    assert.equal(clock(at(-11 * 60), NOW), 'yesterday at 23:00 UTC');
    assert.equal(clock(at(-2 * 24 * 60), NOW), 'on Sat 31 May at 10:00 UTC');
    assert.equal(clock('not a time', NOW), 'at an unknown time');
  });

  it('grant controls: policy and sign-in log spellings mean the same', () => {
    assert.equal(grantControl('compliantDevice'), grantControl('RequireCompliantDevice'));
    assert.equal(grantControl('Mfa'), 'mfa');
    assert.equal(grantControl('RequireApprovedApp'), grantControl('approvedApplication'));
    assert.equal(grantControl('whatever'), 'other');
  });

  it('requirements in plain words', () => {
    assert.equal(requirementWords(['compliantDevice']), 'requires a compliant device');
    assert.equal(requirementWords(['mfa', 'compliantDevice'], 'OR'), 'requires multifactor authentication (MFA) or a compliant device');
    assert.equal(requirementWords(['block']), 'blocks access');
    assert.equal(requirementWords([]), 'applies session rules only');
    assert.equal(joinWords(['a', 'b', 'c']), 'a, b and c');
  });
});

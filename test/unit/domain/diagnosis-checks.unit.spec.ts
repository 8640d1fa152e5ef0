// The diagnosis checks one by one: degraded facts (permission, licence), unknown codes, the pass states
// (brand new, 10-minute window, one-time policy vs multi-use, policy disabled), Conditional Access
// variants and the symptom-specific notes.
/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON in sign-in overrides */
import assert from 'node:assert/strict';
import { type Diagnosis, type Finding, diagnose } from '../../../src/domain/diagnosis/diagnosis';
import type { Symptom } from '../../../src/domain/diagnosis/facts';
import { failedPart, okPart } from '../../../src/graph/facts-mapper';
import { loadSeed } from '../../support/seed-facts';
import { type DiagnosisOverrides, diagnosisFactsFor, minutesBefore, tapPolicyPartFor, withTap } from '../../support/seed-diagnosis-facts';

const seed = loadSeed();
const NOW = new Date('2025-06-02T10:00:00Z');
const run = (who: string, overrides: DiagnosisOverrides = {}): Diagnosis => diagnose(diagnosisFactsFor(seed, who, NOW, overrides), NOW);
const ago = (m: number) => minutesBefore(NOW, m);
const find = (d: Diagnosis, id: string): Finding => {
  const f = d.findings.find((x) => x.id === id);
  assert.ok(f, `no ${id} in ${d.findings.map((x) => x.id).join(', ')}`);
  return f;
};

const LICENCE = failedPart(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant');
const DENIED = failedPart(403, 'Authorization_RequestDenied');

/** A sign-in log of hand-made entries (Graph JSON) for one user. */
function log(...entries: any[]) {
  return okPart({
    value: entries.map((e) => ({
      deviceDetail: { operatingSystem: 'Windows 11', browser: 'Edge 131.0.0', isCompliant: false, isManaged: false },
      appDisplayName: 'Microsoft Teams',
      ...e,
    })),
  });
}
const failed = (minutes: number, errorCode: number, extra: any = {}) => ({
  createdDateTime: ago(minutes),
  status: { errorCode, failureReason: extra.failureReason ?? null },
  ...extra,
});
const succeeded = (minutes: number, extra: any = {}) => ({ createdDateTime: ago(minutes), status: { errorCode: 0 }, ...extra });

describe('diagnosis: facts Graph could not give degrade to "couldn\'t check"', () => {
  it('sign-in logs without an Entra ID P1 licence: the log-based checks say so, the rest still run', () => {
    const d = run('miriamg', { signIns: LICENCE });
    for (const id of ['signins.unknown', 'lockout.unknown', 'password.unknown']) {
      assert.equal(find(d, id).status, 'unknown');
      assert.match(find(d, id).explanation, /Entra ID P1 or P2 licence/);
    }
    assert.equal(find(d, 'account.enabled').status, 'ok');
    assert.equal(find(d, 'methods.ok').status, 'ok');
    assert.equal(find(d, 'ca.targets').status, 'ok');
    assert.equal(d.top.id, 'nothing-found');
    assert.match(d.summary, /some checks couldn't run/);
    assert.match(d.top.explanation, /your recent sign-ins; for a lockout; for password errors/);
  });

  it('without the log, a code the person reports still drives the checks (and names the likely policy)', () => {
    const d = run('miriamg', { signIns: LICENCE, reportedCode: 53000 });
    assert.equal(d.top.id, 'ca.compliant-device');
    assert.match(
      d.top.explanation,
      /A Conditional Access policy \(probably "Finance requires compliant device"\) requires a compliant device/,
    );
    assert.match(d.top.evidence ?? '', /You told us you see AADSTS53000/);
    assert.match(find(d, 'signins.unknown').explanation, /We used the code you gave us \(AADSTS53000 \(DeviceNotCompliant\)\)/);
    assert.equal(run('alexw', { signIns: LICENCE, reportedCode: 50053 }).top.id, 'signin.locked-out');
  });

  it('last sign-in unreadable (no P1, or no AuditLog.Read.All) is not "never signed in"', () => {
    assert.match(find(run('christiec'), 'methods.none').explanation, /never been used to sign in/);
    for (const unreadable of [LICENCE, DENIED]) {
      const d = run('christiec', { target: { signInActivity: unreadable } });
      assert.doesNotMatch(find(d, 'methods.none').explanation, /never been used/);
      assert.equal(find(d, 'methods.none').status, 'problem');
    }
  });

  it('a permission missing for each fact: every check still answers, each with its permission named', () => {
    const d = run('benw', {
      signIns: DENIED,
      conditionalAccess: DENIED,
      policy: DENIED,
      target: { methods: DENIED, riskyUser: DENIED },
    });
    const expected: Record<string, RegExp> = {
      'signins.unknown': /AuditLog\.Read\.All/,
      // The least-privileged permission infra/README grants, not the broader Policy.Read.All.
      'ca.unknown': /Policy\.Read\.ConditionalAccess/,
      'tap-policy.unknown': /Policy\.Read\.AuthenticationMethod/,
      'methods.unknown': /UserAuthenticationMethod\.Read\.All/,
      'tap.unknown': /UserAuthMethod-TAP\.Read\.All/,
      'risk.unknown': /IdentityRiskyUser\.Read\.All/,
    };
    for (const [id, permission] of Object.entries(expected)) {
      assert.equal(find(d, id).status, 'unknown', id);
      assert.match(find(d, id).explanation, permission, id);
      assert.ok(find(d, id).nextStep, `${id} says what to do next`);
    }
    assert.match(find(d, 'ca.unknown').nextStep ?? '', /admin .*`health`/);
    assert.equal(find(d, 'account.enabled').status, 'ok');
    assert.equal(find(d, 'account.enabled').nextStep, null);
    assert.deepEqual(d.offers, ['contact-help-desk']);
  });

  it('with the pass unreadable, a reported "pass expired" code still explains it', () => {
    const d = run('benw', { target: { methods: DENIED }, signIns: LICENCE, reportedCode: 130504 });
    assert.equal(d.top.id, 'tap.expired');
    assert.deepEqual(d.offers, ['request-pass']);
  });

  it('a risk level hidden without P2 is "couldn\'t check", not "no risk"', () => {
    const d = run('alexw', { target: { riskyUser: okPart({ id: 'x', riskLevel: 'hidden', riskState: 'atRisk' }) } });
    assert.match(find(d, 'risk.unknown').explanation, /P2 licence/);
  });

  it('a sign-in without appliedConditionalAccessPolicies (no CA read permission) says the policy is not visible', () => {
    const d = run('alexw', { signIns: log({ ...failed(5, 53003), conditionalAccessStatus: 'failure' }) });
    assert.equal(d.top.id, 'ca.blocked');
    assert.match(d.top.explanation, /TAP Desk isn't allowed to see which/);
  });
});

describe('diagnosis: sign-in error codes', () => {
  it('an unknown code the person reports is shown as unknown, never guessed', () => {
    const d = run('alexw', { reportedCode: 99999 });
    assert.equal(d.top.id, 'signin.unknown-code');
    assert.match(d.top.explanation, /AADSTS99999 isn't in our table of sign-in errors, so we won't guess/);
    assert.deepEqual(d.offers, ['contact-help-desk']);
  });

  it("an unknown code in the log keeps Entra's own words", () => {
    const d = run('alexw', { signIns: log(failed(3, 123456, { failureReason: 'Something new happened.' })) });
    assert.equal(d.top.id, 'signin.unknown-code');
    assert.match(d.top.explanation, /The sign-in log says: "Something new happened\."/);
    assert.match(
      find(d, 'signins.recent-failures').explanation,
      /AADSTS123456, a code we don't know — the log says "Something new happened\."/,
    );
  });

  it('a known code with no dedicated check is explained from the table, third-party ones flagged', () => {
    const app = run('alexw', { signIns: log(failed(3, 50105)) });
    assert.equal(app.top.id, 'signin.error');
    assert.match(app.top.title, /AADSTS50105 \(EntitlementGrantsNotFound\)/);
    assert.match(app.top.explanation, /You aren't assigned to this app/);
    const lockedBy = run('alexw', { reportedCode: 70044 });
    assert.match(lockedBy.top.explanation, /isn't in Microsoft's published list/);
  });

  it('"Stay signed in?" and similar interrupts are not failures', () => {
    const d = run('alexw', { signIns: log(failed(3, 50140), succeeded(2)) });
    assert.equal(d.top.id, 'nothing-found');
    assert.equal(find(d, 'signins.no-failures').status, 'ok');
  });

  it('50053 from a malicious IP is not a password lockout', () => {
    const d = run('alexw', {
      signIns: log(failed(3, 50053, { failureReason: 'Sign-in was blocked because it came from an IP address with malicious activity' })),
    });
    assert.equal(d.top.id, 'signin.blocked-ip');
    assert.match(d.top.nextStep ?? '', /different network/);
  });

  it('an expired password', () => {
    assert.equal(run('alexw', { signIns: log(failed(3, 50055)) }).top.id, 'password.expired');
    assert.match(run('alexw', { signIns: log(failed(3, 50144)) }).top.title, /Active Directory password/);
  });

  it('wrong passwords as the newest failure are the likely cause; before a lockout they are background', () => {
    const d = run('alexw', { signIns: log(failed(3, 50126), failed(4, 50126)) });
    assert.equal(d.top.id, 'password.wrong');
    assert.match(d.summary, /wrong \(twice in the last 24 hours\)/);
  });

  it('a CA failure that is not the newest failure is a warning behind the newer cause', () => {
    const d = run('alexw', { signIns: log(failed(2, 50126), { ...failed(10, 53000), appliedConditionalAccessPolicies: [] }) });
    assert.equal(d.top.id, 'password.wrong');
    assert.equal(find(d, 'ca.compliant-device').status, 'warning');
  });

  it('sign-ins older than 24 hours are left out', () => {
    const d = run('alexw', { signIns: log(failed(24 * 60 + 5, 50126)) });
    assert.equal(find(d, 'signins.no-failures').status, 'ok');
  });

  it('a disabled-then-re-enabled account says to wait a few minutes', () => {
    const d = run('alexw', { signIns: log(failed(3, 50057)) });
    assert.equal(d.top.id, 'account.re-enabled');
  });

  it('MFA not completed as the newest failure offers a pass', () => {
    const d = run('alexw', { signIns: log(failed(3, 50074)) });
    assert.equal(d.top.id, 'signin.mfa-not-completed');
    assert.deepEqual(d.offers, ['request-pass']);
  });
});

describe('diagnosis: Conditional Access', () => {
  const applied = (displayName: string, controls: string[], result = 'failure') => ({
    id: displayName,
    displayName,
    enforcedGrantControls: controls,
    enforcedSessionControls: [],
    result,
  });

  it('a 53003 is a block, whatever else the policy lists', () => {
    const d = run('alexw', {
      signIns: log({
        ...failed(3, 53003),
        conditionalAccessStatus: 'failure',
        appliedConditionalAccessPolicies: [applied('Block outside EU', ['Block'])],
      }),
    });
    assert.equal(d.top.id, 'ca.blocked');
    assert.match(d.top.explanation, /The policy "Block outside EU" blocks access/);
    assert.deepEqual(d.offers, ['contact-help-desk']);
  });

  it('the control comes from the failed policy when the code is generic', () => {
    const cases: Array<[string[], string, RegExp]> = [
      [['Mfa'], 'ca.mfa', /"Admins MFA" requires multifactor authentication \(MFA\)/],
      [['RequireDomainJoinedDevice'], 'ca.domain-joined', /company PC joined/],
      [['RequireApprovedApp'], 'ca.approved-app', /approved client app/],
      [['RequireCompliantApp'], 'ca.compliant-app', /app protection policy/],
      [['SomethingNew'], 'ca.failed', /requires SomethingNew/],
    ];
    for (const [controls, id, words] of cases) {
      const d = run('alexw', {
        signIns: log({
          ...failed(3, 50131),
          conditionalAccessStatus: 'failure',
          appliedConditionalAccessPolicies: [applied('Admins MFA', controls), applied('Other', ['Block'], 'notApplied')],
        }),
      });
      assert.equal(d.top.id, id, controls.join());
      assert.match(d.top.explanation, words);
    }
  });

  it('policies that target the person are listed; legacy-only ones say so', () => {
    const d = run('meganb');
    const targets = find(d, 'ca.targets');
    assert.match(targets.explanation, /Require phishing-resistant MFA for admins: requires multifactor authentication/);
    assert.match(targets.explanation, /Block legacy authentication: blocks access \(only for older apps that use legacy sign-in\)/);
    assert.doesNotMatch(targets.explanation, /Finance/);
  });

  it('the emergency-access account is excluded from every policy', () => {
    assert.equal(find(run('gerhartm'), 'ca.none').status, 'ok');
  });

  it('"blocked by policy" with no CA block in the log points at the pass policy instead', () => {
    const d = run('alexw', { symptom: 'blocked-by-policy' });
    const targets = find(d, 'ca.targets');
    assert.equal(targets.status, 'ok');
    assert.deepEqual(
      d.findings.slice(0, 2).map((f) => f.id),
      ['nothing-found', 'ca.targets'],
    );
    assert.match(targets.explanation, /no Conditional Access block.*User Credential Policy/s);
  });

  it('"can\'t complete MFA" makes MFA policies relevant and offers a pass', () => {
    const d = run('meganb', { symptom: 'mfa-cannot-complete' });
    assert.equal(d.top.id, 'mfa.cannot-complete');
    assert.equal(find(d, 'ca.targets').status, 'warning');
    assert.match(find(d, 'ca.targets').explanation, /MFA is asked for because of "Require phishing-resistant MFA for admins"/);
    assert.deepEqual(d.offers, ['request-pass']);
  });
});

describe('diagnosis: the pass', () => {
  it('a pass created 2 minutes ago may not have replicated yet', () => {
    const d = run('lidiah', { editTarget: withTap({ createdDateTime: ago(2), startDateTime: ago(2) }, NOW), symptom: 'tap-not-accepted' });
    assert.equal(d.top.id, 'tap.replication-delay');
    assert.equal(d.summary, 'Most likely: your pass was created 2 min ago and may need a few more minutes to work');
    assert.match(d.top.nextStep ?? '', /Wait a few minutes/);
  });

  it('a one-time pass used 4 minutes ago: about 6 minutes left to register', () => {
    const used = withTap({ createdDateTime: ago(30), startDateTime: ago(30), isUsable: false, methodUsabilityReason: 'OneTimeUsed' }, NOW);
    const d = run('lidiah', { editTarget: used, signIns: log(succeeded(4)) });
    assert.equal(d.top.id, 'tap.registration-window');
    assert.match(d.summary, /about 6 min left to finish registering/);
    assert.match(d.top.explanation, /within 10 minutes of that sign-in, so by 10:06 UTC/);
    assert.deepEqual(d.offers, ['request-pass']);
  });

  it('a one-time pass used 25 minutes ago: the window has closed', () => {
    const used = withTap({ createdDateTime: ago(30), startDateTime: ago(30), isUsable: false, methodUsabilityReason: 'OneTimeUsed' }, NOW);
    const d = run('lidiah', { editTarget: used, signIns: log(succeeded(25)) });
    assert.equal(d.top.id, 'tap.one-time-used');
    assert.match(d.top.explanation, /the 10 minutes to register a new method after that ended at 09:45 UTC/);
  });

  it('one-time policy versus a multi-use pass (DisabledByPolicy)', () => {
    const oneTimePolicy = okPart({ ...(tapPolicyPartFor(seed) as any).body, isUsableOnce: true });
    const multiUse = withTap({ isUsableOnce: false, isUsable: false, methodUsabilityReason: 'DisabledByPolicy' }, NOW);
    const d = run('lidiah', { policy: oneTimePolicy, editTarget: multiUse, symptom: 'tap-not-accepted' });
    assert.equal(d.top.id, 'tap.multi-use-blocked');
    assert.match(d.top.explanation, /requires one-time passes, and yours was issued as a multi-use pass/);
    assert.match(d.top.nextStep ?? '', /new one-time pass/);
    assert.deepEqual(d.offers, ['request-pass']);
  });

  it('policy disabled: the root cause, with the blocked pass explained behind it', () => {
    const disabled = okPart({ ...(tapPolicyPartFor(seed) as any).body, state: 'disabled' });
    const blocked = withTap({ isUsable: false, methodUsabilityReason: 'DisabledByPolicy' }, NOW);
    const d = run('lidiah', { policy: disabled, editTarget: blocked });
    assert.equal(d.top.id, 'tap-policy.disabled');
    assert.equal(d.top.status, 'problem');
    assert.match(find(d, 'tap.disabled-by-policy').explanation, /turned off in your organisation/);
    assert.deepEqual(d.offers, ['contact-help-desk']);
  });

  it('policy disabled for someone not using a pass is a warning, not a problem', () => {
    const disabled = okPart({ ...(tapPolicyPartFor(seed) as any).body, state: 'disabled' });
    assert.equal(find(run('alexw', { policy: disabled }), 'tap-policy.disabled').status, 'warning');
  });

  it('not included in the policy', () => {
    const onlySome = okPart({
      ...(tapPolicyPartFor(seed) as any).body,
      includeTargets: [{ id: 'e84af64a-6cea-595c-ae63-8594b90b5864', targetType: 'group' }],
    });
    assert.equal(run('alexw', { policy: onlySome, symptom: 'no-tap-prompt' }).top.id, 'tap-policy.not-included');
  });

  it('an expired pass says how long ago, humanely', () => {
    const d = run('alexw', {
      editTarget: withTap({ createdDateTime: ago(180), startDateTime: ago(180), isUsable: false, methodUsabilityReason: 'Expired' }, NOW),
    });
    assert.equal(d.summary, 'Most likely: your pass expired 2 h ago');
    assert.match(d.top.explanation, /stopped working today at 08:00 UTC \(2 h ago\)\. It was valid for 1 h\./);
  });

  it('sessions started with a pass end when it expires: said of a usable pass, and of an expired one', () => {
    const usable = find(run('lidiah'), 'tap.usable');
    assert.match(usable.explanation, /signs you out when the pass expires, so set up your new method before then/);
    const expired = run('alexw', {
      editTarget: withTap({ createdDateTime: ago(180), startDateTime: ago(180), isUsable: false, methodUsabilityReason: 'Expired' }, NOW),
    }).top;
    assert.equal(expired.id, 'tap.expired');
    assert.match(expired.explanation, /signs you out when the pass expires: if you were signed out, that's why/);
  });

  it('a pass that expired minutes ago may still be offered by the sign-in page', () => {
    const d = run('alexw', {
      editTarget: withTap({ createdDateTime: ago(63), startDateTime: ago(63), isUsable: false, methodUsabilityReason: 'Expired' }, NOW),
    });
    assert.match(d.top.explanation, /may still ask for it for a few minutes/);
  });

  it('no pass while they are trying to use one: a problem, with a pass offered', () => {
    const d = run('alexw', { symptom: 'no-tap-prompt' });
    assert.equal(d.top.id, 'tap.none');
    assert.deepEqual(d.offers, ['request-pass']);
  });

  it('a valid pass that was mistyped', () => {
    const d = run('lidiah', { signIns: log(failed(2, 130507)), symptom: 'tap-not-accepted' });
    assert.equal(d.top.id, 'tap.not-verified');
  });
});

describe('diagnosis: platform and browser notes appear only when the symptom fits', () => {
  const notes = (d: Diagnosis) => d.findings.filter((f) => f.id.startsWith('note.')).map((f) => f.id);

  it('no notes without a symptom or a reason to', () => {
    for (const who of ['alexw', 'lidiah', 'benw']) assert.deepEqual(notes(run(who)), [], who);
  });

  it('VPN with a pass that is "not accepted": NPS extension and AD FS do not take passes', () => {
    const d = run('lidiah', { symptom: 'tap-not-accepted', reaching: 'the company VPN' });
    assert.equal(d.top.id, 'note.nps-adfs');
    assert.match(d.top.explanation, /NPS extension.*AD FS adapter/s);
  });

  it('VPN while locked out: no NPS note', () => {
    assert.deepEqual(notes(run('debrab', { symptom: 'locked-out', reaching: 'VPN' })), []);
  });

  it('Windows sign-in screen with no TAP prompt: the Web sign-in note and the "use your pass instead" note', () => {
    const d = run('lidiah', { symptom: 'no-tap-prompt', reaching: 'my Windows laptop' });
    assert.deepEqual(notes(d), ['note.windows-sign-in', 'note.no-tap-prompt']);
    assert.equal(d.top.id, 'note.windows-sign-in');
  });

  it('130506 in the log brings the Windows note whatever the symptom', () => {
    const d = run('alexw', { signIns: log(failed(2, 130506)) });
    assert.ok(notes(d).includes('note.windows-sign-in'));
    assert.match(find(d, 'note.windows-sign-in').evidence ?? '', /AADSTS130506/);
  });

  it('registering a security key or phone sign-in after a pass sign-in: the interrupt-mode registration note', () => {
    for (const reaching of ['add my new security key', 'set up phone sign-in in Authenticator', 'it says Keep your account secure']) {
      const d = run('lidiah', { symptom: 'other', reaching });
      const note = find(d, 'note.interrupt-registration');
      assert.match(note.explanation, /password-reset or MFA registration policy/);
      assert.match(note.explanation, /can't register a security key \(FIDO2\) or phone sign-in/);
      assert.match(note.nextStep ?? '', /aka\.ms\/mysecurityinfo/);
    }
    assert.deepEqual(notes(run('lidiah', { symptom: 'other', reaching: 'Outlook' })), [], 'not for other destinations');
    assert.deepEqual(
      notes(run('debrab', { symptom: 'locked-out', reaching: 'my security key' })),
      [],
      'not without a pass or a pass symptom',
    );
  });

  const browsers: Array<[Symptom, string | null, any, RegExp | null]> = [
    ['tap-not-accepted', 'Safari on my MacBook', null, /Safari or Firefox on a Mac/],
    ['tap-not-accepted', null, { operatingSystem: 'MacOs', browser: 'Firefox 128.0' }, /Safari or Firefox on a Mac/],
    ['tap-not-accepted', 'my iPhone', null, /iPhone or iPad/],
    ['no-tap-prompt', null, { operatingSystem: 'Linux', browser: 'Firefox 128.0' }, /Firefox and Edge on Linux/],
    ['tap-not-accepted', null, { operatingSystem: 'MacOs', browser: 'Chrome 131.0' }, null],
    ['locked-out', 'Safari on my MacBook', null, null],
  ];
  for (const [symptom, reaching, device, expected] of browsers) {
    it(`${symptom}, ${reaching ?? JSON.stringify(device)}: ${expected ? 'browser note' : 'no browser note'}`, () => {
      const signIns = device ? log(failed(2, 130507, { deviceDetail: device })) : undefined;
      const d = run('lidiah', { symptom, reaching, ...(signIns ? { signIns } : {}) });
      const note = d.findings.find((f) => f.id === 'note.browser');
      if (expected) assert.match(note?.explanation ?? '', expected);
      else assert.equal(note, undefined);
    });
  }
});

// "Why can't I sign in?" for every contoso cast member: the top finding, the summary's key words and
// the offers, then the ranking rules that decide the top finding when several things are wrong.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { type Diagnosis, diagnose } from '../../../src/domain/diagnosis/diagnosis';
import { loadSeed, upnsOf } from '../../support/seed-facts';
import { type DiagnosisOverrides, diagnosisFactsFor, edit, highRisk as highRiskAt, withTap } from '../../support/seed-diagnosis-facts';

const seed = loadSeed();
const NOW = new Date('2025-06-02T10:00:00Z');
const facts = (who: string, overrides: DiagnosisOverrides = {}) => diagnosisFactsFor(seed, who, NOW, overrides);
const run = (who: string, overrides: DiagnosisOverrides = {}): Diagnosis => diagnose(facts(who, overrides), NOW);
const highRisk = highRiskAt(NOW);
const ids = (d: Diagnosis) => d.findings.map((f) => f.id);
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

type Offers = Diagnosis['offers'];
const HELP: Offers = ['contact-help-desk'];
const PASS: Offers = ['request-pass'];

//              top finding                 summary must match                                         offers
const CAST: Record<string, [string, RegExp | null, Offers]> = {
  alexw: ['nothing-found', /nothing on your account/i, HELP],
  meganb: ['nothing-found', null, HELP],
  adelev: ['nothing-found', null, HELP],
  leeg: ['nothing-found', null, HELP],
  isaiahl: ['nothing-found', null, HELP],
  pattif: ['nothing-found', null, HELP],
  jonis: ['nothing-found', null, HELP],
  gradya: ['nothing-found', null, HELP],
  lynner: ['nothing-found', null, HELP],
  henriettam: ['nothing-found', null, HELP],
  johannal: ['nothing-found', null, HELP],
  diegos: ['account.disabled', /^Most likely: your account is disabled$/, HELP],
  pradeepg: ['tap-policy.excluded', /excluded from Temporary Access Passes \(group "TAP Excluded"\)/, HELP],
  nestorw: ['nothing-found', null, HELP],
  irvins: ['risk.high', /high risk/, HELP],
  miriamg: ['ca.compliant-device', /"Finance requires compliant device" requires a compliant device/, HELP],
  lidiah: ['tap.usable', /pass ready — use it before today at 10:40 UTC/, []],
  enricoc: ['tap.one-time-used', /one-time pass has already been used/, PASS],
  christiec: ['methods.none', /no sign-in methods yet — a Temporary Access Pass is how you set them up/, PASS],
  benw: ['tap.expired', /^Most likely: your pass expired 2 days ago$/, PASS],
  allanD: ['tap.not-yet-valid', /starts tomorrow at 10:00 UTC \(in 24 h\)/, PASS],
  debrab: ['signin.locked-out', /locked after 5 wrong passwords/, HELP],
  gerhartm: ['nothing-found', null, HELP],
  emily: ['account.external-guest', /external guest — your home organisation \(fabrikam\.com\)/, HELP],
  cameronw: ['nothing-found', null, HELP],
};

describe('diagnose: the contoso cast (no symptom given)', () => {
  it('the table covers every user in the seed', () => {
    assert.equal(Object.keys(CAST).length, upnsOf(seed).length);
  });

  for (const [who, [top, summary, offers]] of Object.entries(CAST)) {
    it(`${who}: ${top}`, () => {
      const d = run(who);
      assert.equal(d.top.id, top, `${who}: ${d.summary}`);
      assert.deepEqual(d.findings[0], d.top);
      if (summary) assert.match(d.summary, summary);
      assert.deepEqual(d.offers, offers);
    });
  }

  it('"Most likely: …" whenever a cause was found; a plain statement when none was', () => {
    assert.match(run('benw').summary, /^Most likely: /);
    assert.doesNotMatch(run('alexw').summary, /^Most likely/);
  });

  it('Miriam: the failed policy is named with its grant control in plain words and the next step is doable', () => {
    const top = run('miriamg').top;
    assert.match(top.explanation, /"Finance requires compliant device" requires a compliant device/);
    assert.match(top.explanation, /Edge 131\.0\.0 on Windows 11, which isn't managed/);
    assert.match(top.nextStep ?? '', /Enroll this device in Intune \(install Company Portal/);
    assert.match(top.evidence ?? '', /AADSTS53000 \(DeviceNotCompliant\).*RequireCompliantDevice/);
  });

  it("Miriam: the wrong password before the policy failure doesn't count — she got past the password", () => {
    assert.equal(run('miriamg').findings.find((f) => f.id.startsWith('password.'))?.id, 'password.ok');
  });

  it('Debra: the lockout cites the 50053 and the five 50126 before it', () => {
    const d = run('debrab');
    assert.match(d.top.evidence ?? '', /AADSTS50053 \(IdsLocked\).*5 wrong-password sign-ins from 09:36 UTC \(AADSTS50126/);
    assert.ok(ids(d).indexOf('signin.locked-out') < ids(d).indexOf('password.wrong'), 'lockout before password');
  });

  it('Lidia: the MFA failure from before her pass was issued is explained, not the cause', () => {
    const d = run('lidiah');
    const mfa = d.findings.find((f) => f.id === 'signin.mfa-not-completed');
    assert.equal(mfa?.status, 'warning');
    assert.match(mfa?.explanation ?? '', /pass has been issued for you since/);
    assert.match(d.top.explanation, /works once: after you sign in with it you have 10 minutes to register/);
  });

  it('Christie: never signed in, nothing registered — a pass is the way in', () => {
    const top = run('christiec').top;
    assert.match(top.explanation, /never been used to sign in/);
    assert.match(top.nextStep ?? '', /Request a pass/);
  });

  it('Emily: the pass checks still run but rank below the guest finding', () => {
    const d = run('emily');
    assert.ok(ids(d).includes('tap-policy.in-scope'));
    assert.equal(d.findings.find((f) => f.id === 'methods.home-organisation')?.status, 'ok');
  });
});

describe('diagnose: shape of every answer', () => {
  const all = upnsOf(seed).map((upn) => [upn, run(upn)] as const);

  it('every check reports, ok ones included, with unique ids', () => {
    for (const [upn, d] of all) {
      for (const prefix of [
        'account.',
        'lockout.|signin.locked-out|signin.blocked-ip',
        'password.',
        'ca.',
        'risk.',
        'methods.',
        'tap-policy.',
        'tap.',
        'signins.',
      ]) {
        const re = new RegExp(
          `^(${prefix
            .split('|')
            .map((p) => p.replace('.', '\\.'))
            .join('|')})`,
        );
        assert.ok(
          d.findings.some((f) => re.test(f.id)),
          `${upn}: no ${prefix} finding`,
        );
      }
      assert.equal(new Set(ids(d)).size, d.findings.length, `${upn}: duplicate ids`);
    }
  });

  it('problems come before everything else', () => {
    for (const [upn, d] of all) {
      const firstOther = d.findings.findIndex((f) => f.status !== 'problem');
      const lastProblem = d.findings.map((f) => f.status).lastIndexOf('problem');
      assert.ok(lastProblem === -1 || lastProblem < firstOther, `${upn}: ${ids(d).join(', ')}`);
    }
  });

  it('text is plain: filled in, no Markdown an Adaptive Card cannot render (only **bold** and "- " lists)', () => {
    for (const [upn, d] of all) {
      for (const f of d.findings) {
        const text = [f.title, f.explanation, f.nextStep ?? '', f.evidence ?? ''].join('\n');
        assert.ok(f.title && f.explanation, `${upn} ${f.id}: empty text`);
        assert.doesNotMatch(text, /`|^#|\[[^\]]*\]\(|undefined|null|NaN|\$\{/m, `${upn} ${f.id}: ${text}`);
      }
    }
  });

  it('problems and warnings say what to do next', () => {
    for (const [upn, d] of all) {
      for (const f of d.findings.filter((x) => x.status === 'problem')) assert.ok(f.nextStep, `${upn} ${f.id}: no next step`);
    }
  });

  it('depends on `now` only, not on the machine clock', () => {
    const expected = all.map(([, d]) => d);
    const clock = sinon.useFakeTimers(new Date('1999-12-31T23:59:00Z'));
    try {
      assert.deepEqual(
        upnsOf(seed).map((upn) => run(upn)),
        expected,
      );
    } finally {
      clock.restore();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Ranking when several things are wrong at once

const expiredTap = withTap(
  { createdDateTime: minutesAgo(180), startDateTime: minutesAgo(180), isUsable: false, methodUsabilityReason: 'Expired' },
  NOW,
);

describe('diagnose: ranking puts the root cause first', () => {
  it('a disabled account outranks everything (expired pass, high risk, lockout)', () => {
    const d = run('diegos', { editTarget: edit(expiredTap, highRisk), reportedCode: 50053 });
    assert.equal(d.top.id, 'account.disabled');
    assert.ok(['tap.expired', 'risk.high', 'signin.locked-out'].every((id) => ids(d).includes(id)));
  });

  it('an external guest beats the pass checks', () => {
    assert.equal(run('emily', { editTarget: expiredTap }).top.id, 'account.external-guest');
  });

  it('a lockout beats a wrong password', () => {
    const d = run('debrab');
    assert.deepEqual(ids(d).slice(0, 1), ['signin.locked-out']);
    assert.equal(d.findings.find((f) => f.id === 'password.wrong')?.status, 'warning');
  });

  it('an expired pass beats high risk, and the offer then is the help desk (no pass for high risk)', () => {
    const d = run('alexw', { editTarget: edit(expiredTap, highRisk) });
    assert.equal(d.top.id, 'tap.expired');
    assert.equal(d.summary, 'Most likely: your pass expired 2 h ago');
    assert.deepEqual(d.offers, ['contact-help-desk']);
    assert.match(d.top.nextStep ?? '', /can't be issued for you right now/);
  });

  it('the failing Conditional Access policy beats an expired pass when it is the newest failure', () => {
    assert.equal(run('miriamg', { editTarget: expiredTap }).top.id, 'ca.compliant-device');
  });

  it('excluded from the policy beats high risk; high risk beats no methods', () => {
    assert.equal(run('pradeepg', { editTarget: highRisk, symptom: 'tap-not-accepted' }).top.id, 'tap-policy.excluded');
    assert.equal(run('christiec', { editTarget: highRisk }).top.id, 'risk.high');
  });

  it('a failure followed by a successful sign-in no longer counts', () => {
    const success = {
      id: 'signin-after-lockout',
      createdDateTime: minutesAgo(1),
      userId: '08a2295e-67e9-5ee0-8d44-6bca386f2301',
      status: { errorCode: 0 },
      deviceDetail: {},
      appDisplayName: 'Outlook',
    };
    const log = (seed.signIns as Array<{ userId: string }>).filter((s) => s.userId === success.userId);
    const d = diagnose(diagnosisFactsFor({ ...seed, signIns: [...log, success] }, 'debrab', NOW), NOW);
    assert.notEqual(d.top.id, 'signin.locked-out');
    assert.equal(d.findings.find((f) => f.id === 'lockout.none')?.status, 'ok');
  });
});

// The request journey and diagnosis over tenant variants of the demo tenant: Entra ID Free / P1 / P2,
// each with every permission infra/README lists and with only the required ones. One stack per
// variant, a handful of journeys each. What each variant must do is written out in VARIANTS below, from
// how Entra behaves (not from TAP Desk's code):
// - without P2 there is no PIM, so Johanna (PIM-eligible Global Administrator) is an ordinary user whom
//   an Authentication Administrator may serve; with P2 she is an admin target;
// - without P1 there are no restricted-management units, so Nestor can be served;
// - risk needs P2 and IdentityRiskyUser.Read.All: without either, Irvin's high risk can't be seen (the
//   request is filed, the approver is told risk couldn't be checked) — without the permission only when
//   REFUSE_HIGH_RISK is off: with it on, nothing is issued while risk is unreadable (last describe);
// - request, approval and issuance work everywhere; diagnosis answers everywhere, naming what it could
//   not read and why.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, textOf } from '../../support/teams-client';
import { ALL_PERMISSIONS, REQUIRED_ONLY, tenantVariant, type Variant, type VariantTier } from '../../support/tenant-variants';
import { approve, fileRequest, passIn, review, submitRequest, tapCreates } from './journey';
import { HARNESS_READYZ_KEY } from '../../harness/bot-env';

type State = 'ok' | 'degraded' | 'off' | 'not-configured';
interface Expected {
  /** Megan (Authentication Administrator) approving a request for Johanna. */
  johannaByMegan: 'refused' | 'issued';
  /** A request for Nestor (member of a restricted-management unit in P1/P2). */
  nestor: 'refused' | 'filed';
  /** A request for Irvin (high risk), with REFUSE_HIGH_RISK on (the default); when filed, what the card says about risk. */
  irvin: 'refused' | 'filed';
  riskNote?: RegExp;
  /** What the diagnosis of Miriam (blocked by a CA policy) says about Conditional Access and the sign-in log. */
  miriam: RegExp[];
  health: Record<string, State>;
  /** What the approval card's "Last sign-in" needs when it can't be read (null: it is read). */
  lastSignInNeeds: string | null;
}

const CA_SEEN = /Finance requires compliant device/;
const CA_NO_PERMISSION = /Conditional Access policies \(it needs the Policy\.Read\.ConditionalAccess permission\)/;
const LOG_NO_PERMISSION = /sign-in logs \(it needs the AuditLog\.Read\.All permission\)/;
const CA_NO_LICENCE = /Reading Conditional Access policies needs a Microsoft Entra ID P1 or P2 licence/;
const LOG_NO_LICENCE = /Reading sign-in logs needs a Microsoft Entra ID P1 or P2 licence/;
const RISK_NO_PERMISSION = /Couldn't check Identity Protection risk \(it needs IdentityRiskyUser\.Read\.All\)/;
const RISK_NO_LICENCE = /Couldn't check Identity Protection risk \(it needs Microsoft Entra ID P2\)/;
const ALL_OK = {
  'Request and approve': 'ok',
  'Issue passes': 'ok',
  'Revoke passes': 'ok',
  'Sign-in history': 'ok',
  'Conditional Access': 'ok',
  'Identity Protection risk': 'ok',
  'Pass follow-up': 'ok',
} as const;
const OPTIONAL_MISSING = {
  ...ALL_OK,
  'Request and approve': 'degraded',
  'Sign-in history': 'degraded',
  'Conditional Access': 'degraded',
  'Identity Protection risk': 'degraded',
  'Pass follow-up': 'degraded',
} as const;

const VARIANTS: Array<{ tier: VariantTier; permissions: 'all' | 'required'; expected: Expected }> = [
  {
    tier: 'P2',
    permissions: 'all',
    expected: { johannaByMegan: 'refused', nestor: 'refused', irvin: 'refused', miriam: [CA_SEEN], health: ALL_OK, lastSignInNeeds: null },
  },
  {
    tier: 'P2',
    permissions: 'required',
    expected: {
      johannaByMegan: 'refused',
      nestor: 'refused',
      irvin: 'filed',
      riskNote: RISK_NO_PERMISSION,
      miriam: [CA_NO_PERMISSION, LOG_NO_PERMISSION],
      health: OPTIONAL_MISSING,
      lastSignInNeeds: 'AuditLog.Read.All',
    },
  },
  {
    tier: 'P1',
    permissions: 'all',
    expected: {
      johannaByMegan: 'issued',
      nestor: 'refused',
      irvin: 'filed',
      riskNote: RISK_NO_LICENCE,
      miriam: [CA_SEEN],
      health: { ...ALL_OK, 'Identity Protection risk': 'degraded' },
      lastSignInNeeds: null,
    },
  },
  {
    tier: 'P1',
    permissions: 'required',
    expected: {
      johannaByMegan: 'issued',
      nestor: 'refused',
      irvin: 'filed',
      riskNote: RISK_NO_PERMISSION,
      miriam: [CA_NO_PERMISSION, LOG_NO_PERMISSION],
      health: OPTIONAL_MISSING,
      lastSignInNeeds: 'AuditLog.Read.All',
    },
  },
  {
    tier: 'Free',
    permissions: 'all',
    expected: {
      johannaByMegan: 'issued',
      nestor: 'filed',
      irvin: 'filed',
      riskNote: RISK_NO_LICENCE,
      miriam: [CA_NO_LICENCE, LOG_NO_LICENCE],
      health: { ...ALL_OK, 'Sign-in history': 'degraded', 'Conditional Access': 'degraded', 'Identity Protection risk': 'degraded' },
      lastSignInNeeds: 'Microsoft Entra ID P1',
    },
  },
  {
    tier: 'Free',
    permissions: 'required',
    // Graph checks the permission before the licence, so the permission is what diagnosis names.
    expected: {
      johannaByMegan: 'issued',
      nestor: 'filed',
      irvin: 'filed',
      riskNote: RISK_NO_PERMISSION,
      miriam: [CA_NO_PERMISSION, LOG_NO_PERMISSION],
      health: OPTIONAL_MISSING,
      lastSignInNeeds: 'AuditLog.Read.All',
    },
  },
];

for (const { tier, permissions, expected } of VARIANTS) {
  describe(`tenant variant: Entra ID ${tier}, ${permissions === 'all' ? 'every permission' : 'only the required permissions'}`, function () {
    this.timeout(90_000);
    let variant: Variant;
    let stack: Stack;

    before(async () => {
      variant = tenantVariant(tier, permissions === 'all' ? ALL_PERMISSIONS : REQUIRED_ONLY);
      // REFUSE_HIGH_RISK (on by default) fails closed without the risk permission: the required-only variants
      // show what works with only the required permissions, so they run with it off (fail-closed case below).
      stack = await startStack({ seed: variant.seedPath, ...(permissions === 'required' ? { env: { REFUSE_HIGH_RISK: 'false' } } : {}) });
    });
    after(async () => {
      await stack?.close();
      variant?.dispose();
    });

    it('is ready (/readyz) and lists each capability', async () => {
      const ready = await fetch(`${stack.bot.url}/readyz`, { headers: { 'x-readyz-key': HARNESS_READYZ_KEY } });
      const body = (await ready.json()) as {
        checks: Array<{ name: string; ok: boolean; capabilities?: Array<{ id: string; name: string; status: State }> }>;
      };
      assert.equal(ready.status, 200, JSON.stringify(body));
      const token = body.checks.find((c) => c.name === 'graph-token');
      // The evidence capabilities degrade alone: the manager read (User.Read.All, required here) and Face Check (not set up).
      const alone = ['manager-check', 'face-check'];
      const states = Object.fromEntries(
        (token?.capabilities ?? [])
          .filter((c) => !alone.includes(c.id))
          .map((c) => [Object.keys(expected.health).find((k) => c.name.startsWith(k)), c.status]),
      );
      assert.deepEqual(states, expected.health);
      assert.deepEqual(
        (token?.capabilities ?? []).filter((c) => alone.includes(c.id)).map((c) => [c.id, c.status]),
        [
          ['manager-check', 'ok'],
          ['face-check', 'not-configured'],
        ],
      );
    });

    it('Alex asks for himself, Megan approves, the pass is issued once', async () => {
      const { client, people } = stack;
      const before = tapCreates(stack);
      const requestId = await fileRequest(client, people.alexw!);
      const reviewed = textOf(cardOf(await review(client, people.meganb!, requestId)));
      const lastSignIn = /Last sign-in\n(.*)/.exec(reviewed)?.[1] ?? '';
      if (expected.lastSignInNeeds) assert.equal(lastSignIn, `couldn't check (needs ${expected.lastSignInNeeds})`);
      else assert.match(lastSignIn, /ago|never/);
      const answer = cardOf(await approve(client, people.meganb!, requestId));
      assert.ok(passIn(answer), textOf(answer));
      assert.equal(tapCreates(stack), before + 1);
    });

    it('Isaiah (Exchange Administrator) is refused to Megan and issued by Adele', async () => {
      const { client, people } = stack;
      const requestId = await fileRequest(client, people.isaiahl!);
      const before = tapCreates(stack);
      const refused = cardOf(await approve(client, people.meganb!, requestId));
      assert.equal(passIn(refused), null);
      assert.match(textOf(refused), /Privileged Authentication Administrator/);
      assert.equal(tapCreates(stack), before);
      assert.ok(passIn(cardOf(await approve(client, people.adelev!, requestId))));
    });

    it(`Johanna (PIM-eligible Global Administrator): Megan's approval is ${expected.johannaByMegan}`, async () => {
      const { client, people } = stack;
      const requestId = await fileRequest(client, people.johannal!);
      const before = tapCreates(stack);
      const answer = cardOf(await approve(client, people.meganb!, requestId));
      if (expected.johannaByMegan === 'issued') {
        assert.ok(passIn(answer), textOf(answer));
        assert.equal(tapCreates(stack), before + 1);
      } else {
        assert.equal(passIn(answer), null);
        assert.match(textOf(answer), /Privileged Authentication Administrator/);
        assert.equal(tapCreates(stack), before);
      }
    });

    it('refusals at filing: Diego (disabled) always; Nestor and Irvin as the tenant allows', async () => {
      const { client, people } = stack;
      const before = tapCreates(stack);
      const diego = textOf(await submitRequest(client, people.meganb!, { target: 'diegos@contoso.com' }));
      assert.match(diego, /cannot go ahead/);
      assert.match(diego, /disabled/);
      const nestor = textOf(await submitRequest(client, people.meganb!, { target: 'nestorw@contoso.com' }));
      if (expected.nestor === 'refused') assert.match(nestor, /cannot go ahead[\s\S]*restricted-management administrative unit/);
      else assert.match(nestor, /TAP-\d+[\s\S]*Waiting for approval/);
      const irvin = textOf(await submitRequest(client, people.meganb!, { target: 'irvins@contoso.com' }));
      if (expected.irvin === 'refused') assert.match(irvin, /cannot go ahead[\s\S]*high risk/);
      else {
        assert.match(irvin, /TAP-\d+[\s\S]*Waiting for approval/);
        assert.match(irvin, expected.riskNote as RegExp);
      }
      assert.equal(tapCreates(stack), before);
    });

    it("the help desk's diagnosis of Miriam answers, naming what it could not read and why", async () => {
      const { client, people } = stack;
      const result = textOf(
        cardOf(await client.click(people.meganb!, 'diagnose.run', { subjectId: people.miriamg!.id, symptom: 'blocked-by-policy' })),
      );
      assert.match(result, /Sign-in check for Miriam Graham/);
      for (const words of expected.miriam) assert.match(result, words);
    });

    it('health (help desk): each capability as ok or degraded; refused to an ordinary user', async () => {
      const { client, people, connector } = stack;
      const count = connector.sent.length;
      await client.say(people.meganb!, 'health');
      const reply = await connector.waitFor((s) => connector.sent.indexOf(s) >= count && textOf(s.activity).includes('TAP Desk health'));
      const text = textOf(reply.activity);
      for (const [name, state] of Object.entries(expected.health)) assert.match(text, new RegExp(`${name}[^:]*: ${state}`), name);
      const refusedCount = connector.sent.length;
      await client.say(people.alexw!, 'health');
      const refused = await connector.waitFor((s) => connector.sent.indexOf(s) >= refusedCount && /service desk/i.test(textOf(s.activity)));
      assert.doesNotMatch(textOf(refused.activity), /TAP Desk health/);
    });
  });
}

describe('REFUSE_HIGH_RISK on (the default) without IdentityRiskyUser.Read.All: fail closed', function () {
  this.timeout(90_000);
  let variant: Variant;
  let stack: Stack;

  before(async () => {
    variant = tenantVariant('P2', REQUIRED_ONLY);
    stack = await startStack({ seed: variant.seedPath });
  });
  after(async () => {
    await stack?.close();
    variant?.dispose();
  });

  it('a request is refused with the reason and the fix, not filed with a warning; nothing is created', async () => {
    const { client, people } = stack;
    const before = tapCreates(stack);
    const text = textOf(await submitRequest(client, people.alexw!));
    assert.match(text, /cannot go ahead/);
    assert.match(text, /may not read Identity Protection risk \(it needs IdentityRiskyUser\.Read\.All\)/);
    assert.match(text, /grants the permission/);
    assert.equal(tapCreates(stack), before);
  });

  it('health says Request and approve is off, and why', async () => {
    const { client, people, connector } = stack;
    const count = connector.sent.length;
    await client.say(people.meganb!, 'health');
    const reply = await connector.waitFor((s) => connector.sent.indexOf(s) >= count && textOf(s.activity).includes('TAP Desk health'));
    const text = textOf(reply.activity);
    assert.match(text, /Request and approve[^:]*: off/);
    assert.match(text, /REFUSE_HIGH_RISK is on/);
  });
});

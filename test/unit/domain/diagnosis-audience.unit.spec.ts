// Every diagnosis finding speaks to two readers: the person (second person) and the help desk (third
// person, with the person's first name and an agent's next step). This holds the table to every id the
// checks can produce, and both voices to their grammar over every contoso person.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { diagnose } from '../../../src/domain/diagnosis/diagnosis';
import { DESK_TEXT, FINDING_IDS, forHelpDesk } from '../../../src/domain/diagnosis/desk-text';
import type { Finding } from '../../../src/domain/diagnosis/finding';
import { loadSeed } from '../../support/seed-facts';
import { diagnosisFactsFor } from '../../support/seed-diagnosis-facts';

const DOMAIN = path.resolve(__dirname, '../../../src/domain/diagnosis');
const SECOND_PERSON = /\b(you|your|yours|yourself|you're|you've|you'll)\b/i;
const ID = /'((?:account|signin|signins|lockout|password|mfa|ca|risk|methods|tap-policy|tap|note)\.[a-z-]+|nothing-found)'/g;

/** Every finding id written in the checks (first argument of finding(), or an advice id). */
function idsInChecks(): Set<string> {
  const ids = new Set<string>();
  for (const file of fs.readdirSync(DOMAIN).filter((f) => f.endsWith('.ts') && f !== 'desk-text.ts')) {
    for (const m of fs.readFileSync(path.join(DOMAIN, file), 'utf8').matchAll(ID)) ids.add(m[1] as string);
  }
  return ids;
}

const sample = (id: string): Finding => ({
  id,
  status: 'problem',
  title: 'Your sign-in failed with AADSTS50126',
  explanation: 'Your pass works now. It was created 2 min ago.',
  nextStep: 'Use your pass.',
  evidence: 'Sign-in today at 09:00 UTC (Outlook in Edge on Windows 11) failed with AADSTS50126.',
});

function texts(f: Finding & { headline?: string }): string[] {
  return [f.title, f.explanation, f.nextStep ?? '', f.headline ?? ''];
}

describe('diagnosis: the person and the help desk each read their own words', () => {
  it('the help-desk table has an entry for every finding id the checks can produce, and no other', () => {
    const written = idsInChecks();
    assert.ok(written.size > 50, `found only ${written.size} ids`);
    assert.deepEqual([...written].filter((id) => !FINDING_IDS.includes(id as never)).sort(), [], 'finding ids without help-desk text');
    assert.deepEqual(FINDING_IDS.filter((id) => !written.has(id)).sort(), [], 'help-desk text for ids no check produces');
  });

  for (const id of FINDING_IDS) {
    it(`${id}: the help-desk text exists, names Sara and never says "you"`, () => {
      const desk = forHelpDesk(sample(id), 'Sara');
      assert.ok(desk.title && desk.explanation, 'title and explanation');
      for (const line of texts(desk)) assert.doesNotMatch(line, SECOND_PERSON, `${id}: "${line}"`);
      assert.match(
        [desk.title, desk.headline, desk.explanation, desk.nextStep ?? ''].join(' '),
        /Sara|Temporary Access Pass|Conditional Access|pass/,
        id,
      );
      assert.equal(typeof (DESK_TEXT as Record<string, unknown>)[id], 'function');
    });
  }

  const seed = loadSeed();
  const NOW = new Date('2025-06-02T10:00:00Z');
  const people = (seed.users as Array<{ userPrincipalName: string }>).map((u) => u.userPrincipalName);
  it('over every contoso person: the help desk reads third person with the first name, the person second person', () => {
    let checked = 0;
    for (const upn of people) {
      const facts = diagnosisFactsFor(seed, upn, NOW);
      const first = facts.target.user.displayName.split(/\s+/)[0] as string;
      const mine = diagnose(facts, NOW, 'person');
      const theirs = diagnose(facts, NOW, 'help-desk');
      assert.deepEqual(
        theirs.findings.map((f) => f.id),
        mine.findings.map((f) => f.id),
        'the same findings, in the same order',
      );
      for (const f of theirs.findings) for (const line of texts(f)) assert.doesNotMatch(line, SECOND_PERSON, `${upn} ${f.id}: "${line}"`);
      assert.doesNotMatch(theirs.summary, SECOND_PERSON, theirs.summary);
      const problems = theirs.findings.filter((f) => f.status === 'problem');
      for (const f of problems) {
        assert.ok(
          f.title.includes(first) || f.explanation.includes(first) || !/account|password|pass\b/.test(f.title),
          `${upn} ${f.id} names ${first}: ${f.title}`,
        );
        assert.ok(f.nextStep, `${upn} ${f.id}: an agent's next step`);
      }
      // The person's own problems address them.
      for (const f of mine.findings.filter((x) => x.status === 'problem'))
        assert.match(texts(f).join(' '), SECOND_PERSON, `${upn} ${f.id}`);
      checked += theirs.findings.length;
    }
    assert.ok(checked > 100, `checked ${checked} findings`);
  });
});

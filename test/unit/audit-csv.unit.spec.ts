import assert from 'node:assert/strict';
import { auditCsv, parseRange } from '../../src/app/help-desk/audit-csv';
import type { AuditEntry } from '../../src/app/kernel/ports';

describe('audit CSV', () => {
  it('writes a header and one escaped row per entry', () => {
    const csv = auditCsv([
      {
        at: '2026-11-22T10:00:00.000Z',
        action: 'request.denied',
        actor: { id: 'a', displayName: 'Megan, "MB"' },
        targetUserId: 't',
        requestId: 'TAP-0001',
        outcome: 'ok',
        details: { reason: 'x' },
      },
    ]);
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'at,action,actorId,actorName,targetUserId,requestId,outcome,evidence,details');
    assert.equal(lines[1], '2026-11-22T10:00:00.000Z,request.denied,a,"Megan, ""MB""",t,TAP-0001,ok,,"{""reason"":""x""}"');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const csv = auditCsv([
      {
        at: 'x',
        action: '=HYPERLINK("evil")',
        actor: { id: '+1', displayName: '@me' },
        targetUserId: '-2',
        requestId: null,
        outcome: 'ok',
        details: {},
      },
    ]);
    const row = csv.split('\r\n')[1] as string;
    assert.ok(row.includes(`"'=HYPERLINK(""evil"")"`));
    assert.ok(row.includes(",'+1,'@me,'-2,"));
  });

  it('defuses full-width formula leads (＝ ＋ － ＠) and tab/CR leads that spreadsheets also run', () => {
    const entry = (displayName: string, targetUserId: string) => ({
      at: 'x',
      action: 'pass.issued',
      actor: { id: 'a', displayName },
      targetUserId,
      requestId: 'TAP-0001',
      outcome: 'ok',
      details: {},
    });
    const csv = auditCsv([entry('＝HYPERLINK("https://evil.example")', '＋1'), entry('－2', '＠me'), entry('\tcmd', '\rcmd')]);
    const lines = csv.split('\r\n');
    assert.equal(lines[1], `x,pass.issued,a,"'＝HYPERLINK(""https://evil.example"")",'＋1,TAP-0001,ok,,{}`);
    assert.equal(lines[2], `x,pass.issued,a,'－2,'＠me,TAP-0001,ok,,{}`);
    assert.equal(lines[3], `x,pass.issued,a,'\tcmd,"'\rcmd",TAP-0001,ok,,{}`);
    assert.equal(lines.length, 5, 'a header, three rows and the final CRLF');
  });

  it('carries the evidence an approval rested on in its own column: the kinds, "none" for the word alone, empty otherwise', () => {
    const entry = (evidence: string | null | undefined): AuditEntry => ({
      at: 'x',
      action: 'request.approved',
      actor: null,
      targetUserId: 't',
      requestId: 'TAP-0001',
      outcome: 'ok',
      details: evidence === undefined ? {} : { evidence },
    });
    const rows = auditCsv([entry('call-back manager'), entry(''), entry(null), entry(undefined)]).split('\r\n');
    assert.equal(rows[1], 'x,request.approved,,,t,TAP-0001,ok,call-back manager,"{""evidence"":""call-back manager""}"');
    assert.equal(rows[2], 'x,request.approved,,,t,TAP-0001,ok,none,"{""evidence"":""""}"');
    assert.equal(rows[3], 'x,request.approved,,,t,TAP-0001,ok,,"{""evidence"":null}"');
    assert.equal(rows[4], 'x,request.approved,,,t,TAP-0001,ok,,{}');
  });

  it('writes an empty cell for a missing actor or request id', () => {
    const csv = auditCsv([{ at: 'x', action: 'a', actor: null, targetUserId: 't', requestId: null, outcome: 'ok', details: {} }]);
    assert.equal(csv, 'at,action,actorId,actorName,targetUserId,requestId,outcome,evidence,details\r\nx,a,,,t,,ok,,{}\r\n');
  });
});

describe('parseRange', () => {
  const now = new Date('2026-11-22T15:00:00Z');
  it('defaults to the last 7 days, inclusive', () => {
    assert.deepEqual(parseRange('', now), { ok: true, from: '2026-11-16T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' });
  });
  it('takes one or two dates', () => {
    assert.deepEqual(parseRange('2026-11-01 2026-11-02', now), {
      ok: true,
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
    });
    assert.deepEqual(parseRange('2026-11-05', now), { ok: true, from: '2026-11-05T00:00:00.000Z', to: '2026-11-06T00:00:00.000Z' });
  });
  for (const bad of ['yesterday', '2026-13-40', '2026-11-02 2026-11-01', '2026-01-01 2026-12-31', 'a b c']) {
    it(`refuses "${bad}" with a message`, () => {
      const range = parseRange(bad, now);
      assert.equal(range.ok, false);
    });
  }
});

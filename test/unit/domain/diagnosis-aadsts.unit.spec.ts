// The AADSTS table as data: it matches test/fixtures/graph-tables/aadsts-codes.json code for code, marks the
// third-party ones, and never invents a meaning for a code it doesn't have.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KNOWN_CODES, codeLabel, explainCode, isUnknownCode, parseAadstsCode } from '../../../src/domain/aadsts';
import { GRAPH_TABLES } from '../../support/fixture-paths';

interface SharedCode {
  code: number;
  provenance: 'official' | 'official-other-page' | 'third-party';
}

const SHARED: SharedCode[] = JSON.parse(readFileSync(path.join(GRAPH_TABLES, 'aadsts-codes.json'), 'utf8')).codes;

describe('AADSTS codes', () => {
  it('every code of the shared table is transcribed, and nothing else but success (0)', () => {
    assert.deepEqual(
      [...KNOWN_CODES].filter((c) => c !== 0).sort((a, b) => a - b),
      SHARED.map((c) => c.code).sort((a, b) => a - b),
    );
  });

  it('codes documented only by third parties are marked non-official', () => {
    for (const { code, provenance } of SHARED) {
      const info = explainCode(code);
      assert.ok(!isUnknownCode(info));
      assert.equal(info.official, provenance !== 'third-party', String(code));
    }
  });

  it('every known code has a name and a short plain explanation', () => {
    for (const code of KNOWN_CODES) {
      const info = explainCode(code);
      assert.ok(!isUnknownCode(info));
      assert.ok(info.name.length > 0 && info.plain.length > 0 && info.plain.length <= 160, `${code}: ${info.plain}`);
      assert.doesNotMatch(`${info.plain} ${info.nextStep ?? ''}`, /[`{}]/, String(code));
    }
  });

  it('examples', () => {
    const locked = explainCode(50053);
    assert.ok(!isUnknownCode(locked));
    assert.equal(locked.name, 'IdsLocked');
    assert.equal(locked.kind, 'locked');
    const tap = explainCode(130504);
    assert.ok(!isUnknownCode(tap));
    assert.equal(tap.official, false);
    assert.equal(tap.kind, 'tap-expired');
  });

  it('an unknown code is unknown', () => {
    assert.deepEqual(explainCode(99999), { code: 99999, unknown: true });
    assert.deepEqual(explainCode(130500), { code: 130500, unknown: true }); // src/graph/README.md §7: no such code was found
    assert.equal(codeLabel(99999), 'AADSTS99999');
    assert.equal(codeLabel(53000), 'AADSTS53000 (DeviceNotCompliant)');
  });

  it('reads a code from what people paste', () => {
    const cases: Array<[string | null, number | null]> = [
      ['AADSTS50053', 50053],
      ['aadsts 53000: Device is not in required device state', 53000],
      ['Error: AADSTS130507: An access pass could not be found', 130507],
      ['  50126 ', 50126],
      ['it said something about my device', null],
      ['call me at 0123 456789', null],
      ['', null],
      [null, null],
    ];
    for (const [text, code] of cases) assert.equal(parseAadstsCode(text), code, String(text));
  });
});

import assert from 'node:assert/strict';
import { parseCommand, MAX_COMMAND_LENGTH } from '../../src/teams/commands';

describe('parseCommand', () => {
  const cases: Array<[string, string | null, string?]> = [
    ['help', 'help', ''],
    ['  HELP  ', 'help', ''],
    ['request', 'request', ''],
    ['request a pass', 'request', ''],
    ['request for christiec@contoso.com', 'request', 'christiec@contoso.com'],
    ['I lost my phone', 'request', ''],
    ['need a temporary access pass', 'request', ''],
    ['got a new laptop', 'request', ''],
    ['status', 'status', ''],
    ['status alexw', 'status', 'alexw'],
    ['status TAP-0042', 'status', 'TAP-0042'],
    ['pending', 'pending', ''],
    ['pending 2', 'pending', '2'],
    ['pending page 3', 'pending', '3'],
    ['revoke bob@contoso.com', 'revoke', 'bob@contoso.com'],
    ['cancel TAP-0001', 'cancel', 'TAP-0001'],
    ['audit TAP-0001', 'audit', 'TAP-0001'],
    ['export audit 2026-11-01 2026-11-22', 'export-audit', '2026-11-01 2026-11-22'],
    ["why can't I sign in", 'diagnose', ''],
    ['why cant i log in?', 'diagnose', ''],
    ['I cannot sign in to Outlook', 'diagnose', ''],
    ['diagnose diegos', 'diagnose', 'diegos'],
    ['approvals here', 'approvals-here', ''],
    ['what is the weather', null],
    ['', null],
  ];
  for (const [text, name, argument] of cases) {
    it(`"${text}" → ${name ?? 'nothing'}`, () => {
      const parsed = parseCommand(text);
      if (name === null) assert.equal(parsed, null);
      else assert.deepEqual(parsed, { name, argument });
    });
  }

  it('does not try to understand overlong text', () => {
    assert.equal(parseCommand('help ' + 'x'.repeat(MAX_COMMAND_LENGTH)), null);
  });
});

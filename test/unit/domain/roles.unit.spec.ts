// The role data in src/domain/roles.ts is transcribed by hand; these tests hold it to Microsoft's tables (test/fixtures/graph-tables).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Roles } from '../../../src/domain/facts';
import { GRAPH_TABLES } from '../../support/fixture-paths';
import {
  AUTH_ADMIN_MANAGEABLE_ROLES,
  BUILT_IN_ROLES,
  ISSUING_ROLES,
  MATRIX_ROW_ROLES,
  SENSITIVE_ACTIONS_COLUMNS,
  SENSITIVE_ACTIONS_MATRIX,
  roleDisplayName,
} from '../../../src/domain/roles';

const TABLES = GRAPH_TABLES;
const table = (name: string) => JSON.parse(readFileSync(path.join(TABLES, name), 'utf8'));

/** The matrix's short row names and the permissions reference's display names. */
const SHORT_NAMES: Record<string, string> = {
  'Auth Admin': 'Authentication Administrator',
  'Global Admin': 'Global Administrator',
  'Groups Admin': 'Groups Administrator',
  'Helpdesk Admin': 'Helpdesk Administrator',
  'Password Admin': 'Password Administrator',
  'Privileged Auth Admin': 'Privileged Authentication Administrator',
  'Privileged Role Admin': 'Privileged Role Administrator',
  'User Admin': 'User Administrator',
};

describe('roles: transcribed tables', () => {
  it('built-in roles match role-template-ids.json', () => {
    assert.deepEqual(BUILT_IN_ROLES, table('role-template-ids.json').roles);
  });

  it('the sensitive-actions matrix matches who-can-perform-sensitive-actions-matrix.json', () => {
    const shared = table('who-can-perform-sensitive-actions-matrix.json');
    assert.deepEqual(SENSITIVE_ACTIONS_COLUMNS, shared.columns);
    assert.deepEqual(SENSITIVE_ACTIONS_MATRIX, shared.rows);
  });

  it('the Auth Admin column agrees with the reset-passwords matrix (the same table, src/graph/README.md §4)', () => {
    const reset = table('who-can-reset-passwords-matrix.json');
    const column = reset.columns.indexOf('Auth Admin');
    const sensitive = SENSITIVE_ACTIONS_COLUMNS.indexOf('Auth Admin');
    for (const [row, cells] of Object.entries(SENSITIVE_ACTIONS_MATRIX)) assert.equal(cells[sensitive], reset.rows[row][column], row);
  });

  it("every matrix row naming a role maps to that role's template id", () => {
    for (const [row, templateId] of Object.entries(MATRIX_ROW_ROLES)) {
      assert.ok(row in SENSITIVE_ACTIONS_MATRIX, row);
      assert.equal(roleDisplayName(templateId), SHORT_NAMES[row] ?? row, row);
    }
    const unnamed = Object.keys(SENSITIVE_ACTIONS_MATRIX).filter((row) => !(row in MATRIX_ROW_ROLES));
    assert.deepEqual(unnamed.sort(), [
      'All other built-in and custom roles',
      'User (no admin role)',
      'User (no admin role, but member or owner of a role-assignable group)',
      'User with a role scoped to a restricted management administrative unit',
    ]);
  });

  it('an Authentication Administrator may manage exactly these roles', () => {
    assert.deepEqual([...AUTH_ADMIN_MANAGEABLE_ROLES].map((id) => roleDisplayName(id)).sort(), [
      'Authentication Administrator',
      'Directory Readers',
      'Guest Inviter',
      'Message Center Reader',
      'Password Administrator',
      'Reports Reader',
      'Usage Summary Reports Reader',
      'User Experience Success Manager',
    ]);
  });

  it('issuing roles: GA, PAA, AA — not Authentication Policy Administrator', () => {
    assert.deepEqual(
      [...ISSUING_ROLES].sort(),
      [Roles.globalAdministrator, Roles.privilegedAuthenticationAdministrator, Roles.authenticationAdministrator].sort(),
    );
    assert.equal(ISSUING_ROLES.has('0526716b-113d-4c15-b2c8-68e3c22b9f80'), false);
  });

  it('role names: case-insensitive; unknown roles null', () => {
    assert.equal(roleDisplayName('29232CDF-9323-42FD-ADE2-1D097AF3E4DE'), 'Exchange Administrator');
    assert.equal(roleDisplayName('00000000-0000-0000-0000-000000000000'), null);
  });
});

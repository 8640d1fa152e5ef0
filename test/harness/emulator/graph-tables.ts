// Microsoft's published tables, read as data from test/fixtures/graph-tables/ (copied from the Entra
// docs, each file names its source): who may act on whose authentication methods, and role names.
// Found from this file's folder upwards, so it works from src/ under tsx, from dist/, or after a move.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface RoleMatrix {
  /** Actor roles, e.g. "Auth Admin". */
  columns: string[];
  /** Target kind (a role, or a user-kind sentence) → 1/0 per column. */
  rows: Record<string, number[]>;
}

export interface GraphTables {
  /** "Who can reset passwords": per its note, the same table says whose authentication methods an Authentication Administrator may read and update. */
  authenticationMethods: RoleMatrix;
  /** Role template id (lower case) → display name. */
  roleNames: ReadonlyMap<string, string>;
}

const TABLES_DIR = path.join('test', 'fixtures', 'graph-tables');
let cached: GraphTables | null = null;

function tablesDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, TABLES_DIR);
    if (existsSync(path.join(candidate, 'role-template-ids.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`the Graph tables (${TABLES_DIR}) were not found above ${from}`);
  }
}

export function graphTables(): GraphTables {
  if (cached) return cached;
  const dir = tablesDir(__dirname);
  const read = (name: string): unknown => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
  const matrix = read('who-can-reset-passwords-matrix.json') as RoleMatrix;
  const roles = (read('role-template-ids.json') as { roles: Array<{ templateId: string; displayName: string }> }).roles;
  cached = {
    authenticationMethods: { columns: matrix.columns, rows: matrix.rows },
    roleNames: new Map(roles.map((r) => [r.templateId.toLowerCase(), r.displayName])),
  };
  return cached;
}

/** The matrices' short names: "Privileged Authentication Administrator" → "Privileged Auth Admin". */
export function matrixName(displayName: string): string {
  return displayName.replace(/\bAuthentication\b/g, 'Auth').replace(/\bAdministrator\b/g, 'Admin');
}

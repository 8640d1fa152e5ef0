// Where the tests' reference data lives, all inside the repository (a clone alone passes its tests).
import path from 'node:path';

export { DEMO_TENANT_SEED } from '../harness/emulator/default-seed';
/** Graph requests and responses as Microsoft documents them (each with a .source.txt). */
export const GRAPH_FIXTURES = path.resolve(__dirname, '../fixtures/graph');
/** Microsoft's tables: role template ids, who-can matrices, AADSTS codes. */
export const GRAPH_TABLES = path.resolve(__dirname, '../fixtures/graph-tables');

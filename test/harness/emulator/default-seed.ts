// Where the demo tenant lives: in the repository, test/fixtures/seeds/contoso.json (a clone alone runs the
// demo). Found from this file upwards (test/harness/emulator under tsx). $TENANT_SEED names another.
import { existsSync } from 'node:fs';
import path from 'node:path';

function repositoryRoot(from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'test', 'harness', 'emulator'))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/** The demo tenant's path inside a repository checkout. */
export function demoTenantSeedFrom(from: string): string {
  const root = repositoryRoot(from) ?? path.resolve(from, '../../..');
  return path.join(root, 'test', 'fixtures', 'seeds', 'contoso.json');
}

/** The demo tenant (contoso): the one seed the demo, the emulator CLI and the tests load by default. */
export const DEMO_TENANT_SEED = demoTenantSeedFrom(__dirname);

export function defaultSeedPath(env: NodeJS.ProcessEnv = process.env, from: string = __dirname): string {
  if (env.TENANT_SEED) return path.resolve(env.TENANT_SEED);
  return from === __dirname ? DEMO_TENANT_SEED : demoTenantSeedFrom(from);
}

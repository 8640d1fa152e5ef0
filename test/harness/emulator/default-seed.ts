// Where the demo tenant lives when no seed is named: $TENANT_SEED, else ../shared/tenant/contoso.json
// next to the repository (found from this file, so it works from src/ under tsx and from dist/).
import { existsSync } from 'node:fs';
import path from 'node:path';

function repositoryRoot(from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'test', 'harness', 'emulator'))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

export function defaultSeedPath(env: NodeJS.ProcessEnv = process.env, from: string = __dirname): string {
  if (env.TENANT_SEED) return path.resolve(env.TENANT_SEED);
  const root = repositoryRoot(from) ?? path.resolve(from, '../../..');
  return path.resolve(root, '..', 'shared', 'tenant', 'contoso.json');
}

/** The demo tenant (contoso): the one seed the demo, the emulator CLI and the tests load by default. */
export const DEMO_TENANT_SEED = defaultSeedPath({});

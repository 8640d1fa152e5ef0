// `npm run package`: builds the Teams app package (manifest.json + color.png + outline.png at the zip
// root) for one deployment from environment values, checks it against the bundled Teams schema and
// writes .local/package/tap-desk.zip (git-ignored). `--out FILE` writes elsewhere.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { TeamsManifest } from '@microsoft/app-manifest';
import { PACKAGE_VARIABLES, readPackageInputs, type PackageInputs } from './inputs';
import { fillTemplate, TEMPLATE_FILE, validateManifest } from './teams-manifest';
import { readPngInfo } from './png';
import { writeZip, type ZipEntry } from './zip';

const REPO_ROOT = path.resolve(__dirname, '..');
export const DEFAULT_OUT_FILE = path.join(REPO_ROOT, '.local', 'package', 'tap-desk.zip');
/** What Teams requires of the two icons. */
export const ICONS = {
  'color.png': { size: 192, alpha: false },
  'outline.png': { size: 32, alpha: true },
} as const;

export interface BuiltPackage {
  outFile: string;
  manifest: TeamsManifest;
  entries: ZipEntry[];
}

function icon(name: keyof typeof ICONS): ZipEntry {
  const data = readFileSync(path.join(__dirname, name));
  const info = readPngInfo(data);
  const want = ICONS[name];
  // Teams rejects the upload for a wrong icon size; saying so here is quicker than its error.
  if (info.width !== want.size || info.height !== want.size || (want.alpha && !info.hasAlpha)) {
    throw new Error(
      `manifest/${name} must be a ${want.size}x${want.size} PNG${want.alpha ? ' with transparency' : ''}; run tsx manifest/make-icons.ts`,
    );
  }
  return { name, data };
}

export async function buildPackage(inputs: PackageInputs, outFile: string = DEFAULT_OUT_FILE): Promise<BuiltPackage> {
  const manifest = fillTemplate(readFileSync(TEMPLATE_FILE, 'utf8'), inputs);
  const errors = await validateManifest(manifest);
  if (errors.length > 0) throw new Error(`manifest does not match Teams schema ${manifest.manifestVersion}: ${errors.join('; ')}`);
  const entries: ZipEntry[] = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    icon('color.png'),
    icon('outline.png'),
  ];
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, writeZip(entries));
  return { outFile, manifest, entries };
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function usage(): string {
  const lines = Object.entries(PACKAGE_VARIABLES).map(([name, text]) => `  ${name.padEnd(16)} ${text}`);
  return ['usage: BOT_APP_ID=<guid> BOT_DOMAIN=<host> npm run package [-- --out FILE]', '', ...lines].join('\n');
}

/** Exit code 0 on success; any failure is one line on stderr and exit code 1. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(usage());
      return 0;
    }
    if (values.out?.trim() === '') throw new Error('--out needs a file name');
    const inputs = readPackageInputs(env, { appVersion: packageVersion() });
    const built = await buildPackage(inputs, values.out ? path.resolve(values.out) : DEFAULT_OUT_FILE);
    console.log(
      `package: wrote ${path.relative(process.cwd(), built.outFile)} (Teams app ${inputs.botAppId} ${inputs.appVersion} for ${inputs.botDomain})`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`package: ${message.replace(/\s*\n\s*/g, ' ')}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}

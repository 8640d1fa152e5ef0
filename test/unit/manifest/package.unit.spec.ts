// `npm run package`: the zip holds exactly the manifest and the two icons, the manifest validates
// against the Teams schema bundled in @microsoft/app-manifest, and bad input is one line + exit 1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import { buildPackage } from '../../../manifest/package';
import { readPackageInputs } from '../../../manifest/inputs';
import { readPngInfo } from '../../../manifest/png';
import { readZip } from '../../../manifest/zip';
import { parseCommand } from '../../../src/teams/commands';

const REPO = path.resolve(__dirname, '../../..');
const BOT_ONLY = { BOT_APP_ID: '6F1D2C3B-4A59-4E8D-9C7B-0A1B2C3D4E5F', BOT_DOMAIN: 'app-tapdesk-x1y2.azurewebsites.net' };
const SSO_CLIENT_ID = '8A7B6C5D-4E3F-4A1B-9C8D-7E6F5A4B3C2D';
/** What infra/README's package step passes in delegated mode: the bot and the SSO app registration. */
const ENV = { ...BOT_ONLY, SSO_CLIENT_ID };
const COMMANDS = ['help', 'request', 'status', 'pending', 'diagnose', 'revoke'];

/** Runs manifest/package.ts as `npm run package` would, with only the given environment. */
function runCli(env: Record<string, string>, args: string[] = []) {
  const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), 'manifest/package.ts', ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderrLines: result.stderr.split('\n').filter((l) => l.trim() !== '') };
}

describe('Teams app package (manifest/package.ts)', () => {
  let dir: string;
  let zip: Buffer;
  let files: Map<string, Buffer>;
  let manifest: TeamsManifest & Record<string, unknown>;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tapdesk-package-'));
    const built = await buildPackage(readPackageInputs(ENV, { appVersion: '1.2.3' }), path.join(dir, 'tap-desk.zip'));
    zip = readFileSync(built.outFile);
    files = new Map(readZip(zip).map((e) => [e.name, e.data]));
    manifest = JSON.parse((files.get('manifest.json') ?? Buffer.from('{}')).toString('utf8')) as TeamsManifest & Record<string, unknown>;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds exactly manifest.json, color.png and outline.png at the zip root', () => {
    assert.deepEqual([...files.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
  });

  // 1.30 is the newest version Microsoft lists as generally available
  // (https://learn.microsoft.com/microsoft-365/extensibility/schema/?view=m365-app-1.30) and the newest the validator bundles.
  it('has a manifest that validates against the bundled Teams schema it names (v1.30 or later)', async () => {
    const version = manifest.manifestVersion as string;
    const [major, minor] = version.split('.').map(Number);
    assert.ok(major === 1 && (minor ?? 0) >= 30, `manifestVersion ${version}`);
    assert.match(manifest.$schema ?? '', new RegExp(`/teams/v${version.replace('.', '\\.')}/MicrosoftTeams\\.schema\\.json$`));
    assert.deepEqual(await AppManifestUtils.validateAgainstSchema(manifest), []);
  });

  it('fills in the app id, domain and version from the environment, with no placeholder left', () => {
    const text = files.get('manifest.json')?.toString('utf8') ?? '';
    assert.doesNotMatch(text, /\{\{|\}\}/);
    const appId = ENV.BOT_APP_ID.toLowerCase();
    assert.equal(manifest.id, appId);
    assert.equal(manifest.version, '1.2.3');
    const bot = manifest.bots?.[0];
    assert.equal(bot?.botId, appId);
    // The Bot Framework token service's domain, as Microsoft's Teams SSO bot samples list it.
    assert.deepEqual(manifest.validDomains, [ENV.BOT_DOMAIN, 'token.botframework.com']);
    // Teams SSO (delegated issuance): the SSO app registration exposing access_as_user, and its Application ID URI — not the bot's id.
    const sso = SSO_CLIENT_ID.toLowerCase();
    assert.deepEqual(manifest.webApplicationInfo, { id: sso, resource: `api://botid-${sso}` });
    assert.equal(manifest.developer.websiteUrl, `https://${ENV.BOT_DOMAIN}/`);
  });

  it('offers the bot in personal, team and group chat scopes with the commands in every scope', () => {
    const bot = manifest.bots?.[0];
    assert.deepEqual([...(bot?.scopes ?? [])].sort(), ['groupChat', 'personal', 'team']);
    const lists = bot?.commandLists ?? [];
    assert.deepEqual(lists.flatMap((l) => l.scopes).sort(), ['groupChat', 'personal', 'team']);
    for (const list of lists) {
      const titles = list.commands.map((c) => c.title);
      for (const command of COMMANDS) assert.ok(titles.includes(command), `${list.scopes.join('+')} lacks ${command}`);
    }
  });

  it('lists only commands the bot understands', () => {
    const titles = (manifest.bots?.[0]?.commandLists ?? []).flatMap((l) => l.commands.map((c) => c.title));
    for (const title of titles) assert.ok(parseCommand(title), `"${title}" is not in src/teams/commands.ts`);
  });

  it('ships a 192x192 colour icon and a 32x32 outline icon with an alpha channel', () => {
    const color = readPngInfo(files.get('color.png') ?? Buffer.alloc(0));
    const outline = readPngInfo(files.get('outline.png') ?? Buffer.alloc(0));
    assert.deepEqual([color.width, color.height], [192, 192]);
    assert.deepEqual([outline.width, outline.height, outline.hasAlpha], [32, 32, true]);
    assert.equal(manifest.icons.color, 'color.png');
    assert.equal(manifest.icons.outline, 'outline.png');
  });

  it('builds the same bytes from the same inputs', async () => {
    const again = await buildPackage(readPackageInputs(ENV, { appVersion: '1.2.3' }), path.join(dir, 'again.zip'));
    assert.ok(readFileSync(again.outFile).equals(zip));
  });

  it('names the app after APP_NAME_SUFFIX and refuses one that is too long', () => {
    const inputs = readPackageInputs({ ...ENV, APP_NAME_SUFFIX: '(test)' }, { appVersion: '1.0.0' });
    assert.equal(inputs.shortName, 'TAP Desk (test)');
    assert.throws(
      () => readPackageInputs({ ...ENV, APP_NAME_SUFFIX: 'x'.repeat(30) }, { appVersion: '1.0.0' }),
      /^PackageInputError: APP_NAME_SUFFIX/,
    );
  });

  describe('Teams SSO follows the issuance mode', () => {
    it('delegated (the default) with only BOT_APP_ID and BOT_DOMAIN: refused, naming SSO_CLIENT_ID; the bot id never stands in', () => {
      const refusal = /^PackageInputError: SSO_CLIENT_ID: .*BOT_APP_ID cannot stand in.*PASS_ISSUANCE=application/;
      assert.throws(() => readPackageInputs(BOT_ONLY, { appVersion: '1.0.0' }), refusal);
      assert.throws(() => readPackageInputs({ ...BOT_ONLY, PASS_ISSUANCE: 'delegated' }, { appVersion: '1.0.0' }), /SSO_CLIENT_ID/);
    });

    it('SSO_APP_ID_URI, when given, is the resource', async () => {
      const uri = `api://app-tapdesk-x1y2.azurewebsites.net/botid-${SSO_CLIENT_ID}`;
      const built = await buildPackage(
        readPackageInputs({ ...ENV, SSO_APP_ID_URI: uri }, { appVersion: '1.0.0' }),
        path.join(dir, 'uri.zip'),
      );
      assert.deepEqual((built.manifest as unknown as Record<string, unknown>).webApplicationInfo, {
        id: SSO_CLIENT_ID.toLowerCase(),
        resource: uri,
      });
    });

    it('PASS_ISSUANCE=application builds without SSO: no webApplicationInfo, and the manifest still validates', async () => {
      const built = await buildPackage(
        readPackageInputs({ ...BOT_ONLY, PASS_ISSUANCE: 'application' }, { appVersion: '1.0.0' }),
        path.join(dir, 'app.zip'),
      );
      assert.equal((built.manifest as unknown as Record<string, unknown>).webApplicationInfo, undefined);
      assert.deepEqual(await AppManifestUtils.validateAgainstSchema(built.manifest), []);
    });
  });

  describe('as a command (npm run package)', () => {
    it('writes the zip and says where', () => {
      const out = path.join(dir, 'cli.zip');
      const run = runCli(ENV, ['--out', out]);
      assert.equal(run.status, 0, run.stderrLines.join('\n'));
      assert.match(run.stdout, /wrote .*cli\.zip/);
      assert.deepEqual(
        readZip(readFileSync(out))
          .map((e) => e.name)
          .sort(),
        ['color.png', 'manifest.json', 'outline.png'],
      );
      // Teams refuses an upload whose version did not rise: without APP_VERSION it is package.json's.
      const written = JSON.parse(
        readZip(readFileSync(out))
          .find((e) => e.name === 'manifest.json')
          ?.data.toString('utf8') ?? '{}',
      ) as { version?: string };
      assert.equal(written.version, (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
    });

    it('takes --out=FILE as well, and refuses an unknown option or a missing file name in one line', () => {
      const out = path.join(dir, 'equals.zip');
      assert.equal(runCli(ENV, [`--out=${out}`]).status, 0);
      assert.ok(readZip(readFileSync(out)).length === 3);
      for (const [args, message] of [
        [['--output', out], /^package: Unknown option '--output'/],
        [['--out'], /^package: Option '--out <value>' argument missing/],
      ] as const) {
        const run = runCli(ENV, [...args]);
        assert.equal(run.status, 1);
        assert.deepEqual(run.stderrLines.length, 1, run.stderrLines.join('\n'));
        assert.match(run.stderrLines[0] ?? '', message);
      }
    });

    const bad: Array<[string, Record<string, string>, RegExp]> = [
      ['no BOT_APP_ID', { BOT_DOMAIN: ENV.BOT_DOMAIN }, /^package: BOT_APP_ID: expected a GUID.*\(not set\)$/],
      ['BOT_APP_ID not a GUID', { ...ENV, BOT_APP_ID: 'tap-desk' }, /^package: BOT_APP_ID: expected a GUID.*got "tap-desk"$/],
      ['no BOT_DOMAIN', { BOT_APP_ID: ENV.BOT_APP_ID }, /^package: BOT_DOMAIN: expected .*\(not set\)$/],
      ['only BOT_APP_ID and BOT_DOMAIN (delegated by default)', BOT_ONLY, /^package: SSO_CLIENT_ID: expected the SSO app .*\(not set\)$/],
      ['SSO_CLIENT_ID not a GUID', { ...ENV, SSO_CLIENT_ID: 'tapdesk-sso' }, /^package: SSO_CLIENT_ID: expected a GUID/],
      ['PASS_ISSUANCE unknown', { ...ENV, PASS_ISSUANCE: 'both' }, /^package: PASS_ISSUANCE: expected delegated or application/],
      ['BOT_DOMAIN as a URL', { ...ENV, BOT_DOMAIN: 'https://x.azurewebsites.net/' }, /^package: BOT_DOMAIN: expected .*no https:\/\//],
      ['APP_VERSION not x.y.z', { ...ENV, APP_VERSION: '1.0' }, /^package: APP_VERSION: expected/],
      [
        'APP_PRIVACY_URL over http',
        { ...ENV, APP_PRIVACY_URL: 'http://contoso.com/privacy' },
        /^package: APP_PRIVACY_URL: expected an https:\/\/ URL/,
      ],
    ];
    for (const [what, env, message] of bad) {
      it(`${what}: one clear line and exit code 1`, () => {
        const run = runCli(env, ['--out', path.join(dir, 'never.zip')]);
        assert.equal(run.status, 1);
        assert.equal(run.stderrLines.length, 1, run.stderrLines.join('\n'));
        assert.match(run.stderrLines[0] ?? '', message);
      });
    }
  });
});

// The Bicep in infra/ passes the offline reference check, and the check itself fails on broken
// Bicep (so a green run means something). The real check is `az bicep build` (infra/README.md).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkInfra, formatProblem, lintBicep, lintParametersFile, parseArgs, type ReadFile } from '../../../infra/tools/bicep-lint';
import { parseBicep } from '../../../infra/tools/bicep-parse';

const INFRA = path.resolve(__dirname, '../../../infra');
const MAIN = path.join(INFRA, 'main.bicep');

/** Lints in-memory files: { 'main.bicep': '…', 'mod.bicep': '…' }. */
function lint(files: Record<string, string>): string[] {
  const read: ReadFile = (file) => files[path.basename(file)];
  return lintBicep('/virtual/main.bicep', read).map((p) => `${p.line}: ${p.message}`);
}

function bicepFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? bicepFiles(path.join(dir, e.name)) : e.name.endsWith('.bicep') ? [path.join(dir, e.name)] : [],
  );
}

describe('infra Bicep: offline reference check (infra/tools/bicep-lint.ts)', () => {
  it('main.bicep and its modules reference only what they declare, with API versions on every resource', () => {
    assert.deepEqual(lintBicep(MAIN).map(formatProblem), []);
  });

  it('main.parameters.json sets only declared params, with allowed values', () => {
    assert.deepEqual(lintParametersFile(path.join(INFRA, 'main.parameters.json'), MAIN).map(formatProblem), []);
  });

  it('every .bicep file in infra/ is used by main.bicep', () => {
    const used = new Set([MAIN]);
    const visit = (file: string) => {
      for (const m of parseBicep(readFileSync(file, 'utf8')).modules.values()) {
        const child = path.join(path.dirname(file), m.path);
        if (!used.has(child)) {
          used.add(child);
          visit(child);
        }
      }
    };
    visit(MAIN);
    assert.deepEqual(
      bicepFiles(INFRA).filter((f) => !used.has(f)),
      [],
    );
  });

  it('infra/README.md documents every parameter of main.bicep', () => {
    const readme = readFileSync(path.join(INFRA, 'README.md'), 'utf8');
    const documented = new Set([...readme.matchAll(/^\| `([a-zA-Z]+)` \|/gm)].map((m) => m[1]));
    assert.deepEqual(
      [...parseBicep(readFileSync(MAIN, 'utf8')).params.keys()].filter((p) => !documented.has(p)),
      [],
    );
  });

  it('deploys the alerting: availability tests, metric and log alert rules, each alert documented with its query', () => {
    const alerts = readFileSync(path.join(INFRA, 'modules/alerts.bicep'), 'utf8');
    const types = [...parseBicep(alerts).resources.values()].map((r) => r.type.replace(/@.*$/, '').replace(/^'/, ''));
    assert.deepEqual(
      types.sort(),
      ['Microsoft.Insights/metricAlerts', 'Microsoft.Insights/scheduledQueryRules', 'Microsoft.Insights/webtests'].sort(),
    );
    const main = parseBicep(readFileSync(MAIN, 'utf8'));
    assert.equal(main.modules.get('alerts')?.path, 'modules/alerts.bicep');
    // Table cells escape the queries' pipes.
    const readme = readFileSync(path.join(INFRA, 'README.md'), 'utf8').replace(/\\\|/g, '|');
    const names = [...alerts.matchAll(/^\s+(?:\{ )?name: '([a-z0-9-]+)'/gm)].map((m) => m[1] as string);
    assert.deepEqual(names.sort(), ['bot-5xx', 'failed-issuances', 'graph-5xx', 'graph-throttled', 'healthz', 'readyz'].sort());
    for (const name of names) assert.ok(readme.includes(`\`tapdesk-${name}`), `infra/README.md documents tapdesk-${name}`);
    for (const query of alerts.matchAll(/query: '([^']+)'/g))
      assert.ok(readme.includes(query[1] as string), `infra/README.md shows the query ${query[1]}`);
  });

  describe('the deployment refuses delegated issuance without the SSO app, and the check says so first', () => {
    const PARAMS = path.join(INFRA, 'main.parameters.json');
    const SSO = '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d';

    it('delegated (the default) with no ssoClientId: one problem naming ssoClientId and the script that makes it', () => {
      const problems = checkInfra(MAIN, PARAMS).map((p) => p.message);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0] ?? '', /passIssuance is delegated .* ssoClientId is empty: run infra\/register-sso-app\.sh/);
    });

    it('with --param ssoClientId=<guid>, or in application mode: no problems', () => {
      assert.deepEqual(checkInfra(MAIN, PARAMS, parseArgs(['--param', `ssoClientId=${SSO}`]).overrides).map(formatProblem), []);
      assert.deepEqual(checkInfra(MAIN, PARAMS, { passIssuance: 'application' }).map(formatProblem), []);
    });

    it('an ssoClientId that is not a GUID is a problem', () => {
      assert.match(
        checkInfra(MAIN, PARAMS, { ssoClientId: 'tapdesk-sso' })
          .map((p) => p.message)
          .join(),
        /not a client id/,
      );
    });

    it('main.bicep fails the deployment with the same advice (fail())', () => {
      const main = readFileSync(MAIN, 'utf8');
      assert.match(main, /passIssuance == 'delegated' && empty\(ssoClientId\) \? fail\(ssoMissing\) : ssoClientId/);
      assert.match(main, /var ssoMissing = '.*run infra\/register-sso-app\.sh.*-p ssoClientId=/);
    });
  });

  describe('keeps the hardening (a break in any of it is a problem)', () => {
    const real = (file: string) => readFileSync(path.join(INFRA, file), 'utf8');
    /** The repository's infra/ with one file's text changed. */
    const checkWith = (file: string, change: (text: string) => string) => {
      const read: ReadFile = (f) => {
        const rel = path.relative(INFRA, f);
        if (rel.startsWith('..')) return undefined;
        try {
          const text = readFileSync(f, 'utf8');
          return rel === file ? change(text) : text;
        } catch {
          return undefined;
        }
      };
      return checkInfra(MAIN, path.join(INFRA, 'main.parameters.json'), { ssoClientId: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d' }, read).map(
        (p) => p.message,
      );
    };
    const web = 'modules/web-app.bicep';
    const monitoring = 'modules/monitoring.bicep';
    const publisher = "'3913510d-42f4-4e42-8a64-420c390055eb'";
    const breaks: Array<[string, string, (t: string) => string, RegExp]> = [
      [
        'SCM basic auth left on',
        web,
        (t) => t.replace(/(name: 'scm'\n {2}properties: \{\n {4}allow: )false/, '$1true'),
        /SCM \(Kudu\) basic-auth/,
      ],
      ['FTP basic auth left on', web, (t) => t.replace(/(name: 'ftp'\n {2}properties: \{\n {4}allow: )false/, '$1true'), /FTP basic-auth/],
      [
        'App Insights local auth on',
        monitoring,
        (t) => t.replace('DisableLocalAuth: true', 'DisableLocalAuth: false'),
        /local authentication is off/,
      ],
      [
        'no Monitoring Metrics Publisher',
        monitoring,
        (t) => t.replace(publisher, "'00000000-0000-0000-0000-000000000000'"),
        /Monitoring Metrics Publisher/,
      ],
      [
        'no telemetry identity',
        'main.bicep',
        (t) => t.replace(/\n\s+APPLICATIONINSIGHTS_CLIENT_ID: [^\n]+/, ''),
        /APPLICATIONINSIGHTS_CLIENT_ID/,
      ],
      [
        'plain AAD v2 with a secret',
        'modules/bot.bicep',
        (t) => t.replace('clientId: ssoClientId', "clientId: ssoClientId\n    clientSecret: 'x'"),
        /OAuth/,
      ],
      ['no delegated guard', 'main.bicep', (t) => t.replace('? fail(ssoMissing) :', '? ssoClientId :'), /fails the deployment/],
    ];
    for (const [what, file, change, expected] of breaks) {
      it(what, () => {
        assert.notEqual(change(real(file)), real(file), `${what}: the change did not apply`);
        assert.match(checkWith(file, change).join('\n'), expected);
      });
    }
  });

  describe('catches broken Bicep', () => {
    it('an undeclared param', () => {
      const problems = lint({
        'main.bicep':
          "param location string\nresource s 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: accountName\n  location: location\n}\n",
      });
      assert.deepEqual(problems, ["3: 'accountName' is not declared (no param, var, resource or module of that name)"]);
    });

    it('a resource without an API version', () => {
      const problems = lint({ 'main.bicep': "resource s 'Microsoft.Storage/storageAccounts' = {\n  name: 'x'\n}\n" });
      assert.equal(problems.length, 1);
      assert.match(problems[0] ?? '', /^1: resource 's' has no API version/);
    });

    it('a reference inside a string interpolation', () => {
      assert.deepEqual(lint({ 'main.bicep': "var a = 'x-${missing}-y'\noutput o string = a\n" }), [
        "1: 'missing' is not declared (no param, var, resource or module of that name)",
      ]);
    });

    it('unused params and vars, and names declared twice', () => {
      const problems = lint({ 'main.bicep': 'param p string\nvar v = 1\nvar v = 2\n' });
      assert.deepEqual(
        problems.sort(),
        ["1: param 'p' is declared but never used", "2: var 'v' is declared but never used", '3: v is declared twice'].sort(),
      );
    });

    it('module params and outputs that do not match the module', () => {
      const problems = lint({
        'main.bicep': "module m 'mod.bicep' = {\n  name: 'm'\n  params: {\n    typo: 1\n  }\n}\noutput o string = m.outputs.nope\n",
        'mod.bicep': 'param required int\nparam optional int = 1\noutput real int = required + optional\n',
      });
      assert.deepEqual(
        problems.sort(),
        [
          "1: module 'm' does not pass required param 'required' of mod.bicep",
          "4: module 'm' passes 'typo', which mod.bicep does not declare",
          "7: module 'm' has no output 'nope' (mod.bicep)",
        ].sort(),
      );
    });

    it('a module file that does not exist', () => {
      assert.deepEqual(lint({ 'main.bicep': "module m 'gone.bicep' = {\n  name: 'm'\n}\n" }), [
        "1: module 'm': gone.bicep not found or not readable",
      ]);
    });

    it('a parameters file that sets an undeclared param or a value that is not allowed', () => {
      const files: Record<string, string> = {
        'main.bicep':
          "@allowed([\n  'a'\n  'b'\n])\nparam choice string = 'a'\n@minValue(2)\nparam count int = 2\nparam needed string\noutput o string = '${choice}${count}${needed}'\n",
        'p.json': JSON.stringify({ parameters: { choice: { value: 'c' }, count: { value: 1 }, extra: { value: true } } }),
      };
      const problems = lintParametersFile('/virtual/p.json', '/virtual/main.bicep', (f) => files[path.basename(f)]).map((p) => p.message);
      assert.deepEqual(problems, [
        '\'choice\' is "c", not one of a, b',
        "'count' is 1, outside 2–…",
        "sets 'extra', which main.bicep does not declare",
        "does not set 'needed', which has no default",
      ]);
    });
  });

  describe('does not cry wolf', () => {
    it('loop variables, lambda parameters, object keys, properties, functions, comments and decorators', () => {
      const source = [
        "@description('uses ${notAReference}')",
        'param names array',
        "param tags object = { app: 'x' }",
        '// a comment naming undeclaredInComment',
        '/* and undeclaredInBlock */',
        'var upper = map(names, n => toUpper(n))',
        'var pairs = filter(items(tags), (entry) => entry.value != null)',
        "resource accounts 'Microsoft.Storage/storageAccounts@2023-05-01' = [for (name, i) in names: {",
        "  name: '${name}${i}'",
        '  location: resourceGroup().location',
        '  tags: tags',
        "  kind: i > 0 ? 'StorageV2' : 'BlobStorage'",
        '}]',
        'output first string = accounts[0].properties.primaryEndpoints.table',
        'output all array = upper',
        'output count int = length(pairs)',
        "output multi string = '''",
        'not ${a} reference',
        "'''",
        '',
      ].join('\n');
      assert.deepEqual(lint({ 'main.bicep': source }), []);
    });
  });
});

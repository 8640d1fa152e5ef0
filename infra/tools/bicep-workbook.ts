// The operators' workbook (infra/modules/workbook.bicep + workbook.json): main.bicep deploys it, its
// serialized JSON parses as a workbook, it has the six views infra/README.md shows, and every query
// reads only tables the bot (or its availability tests) fills and names only metrics and log messages
// the bot's code emits, so a renamed metric or message breaks the check instead of an empty chart.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBicep } from './bicep-parse';
import type { BicepProblem, ReadFile } from './bicep-lint';

/** Application Insights tables (classic names) TAP Desk fills: infra/README.md "Operations" and "Alerts". */
export const EMITTED_TABLES = ['requests', 'dependencies', 'traces', 'customMetrics', 'availabilityResults'] as const;
/** Tables a query might name that TAP Desk never fills: naming one is a mistake. */
const OTHER_TABLES = [
  'customEvents',
  'exceptions',
  'pageViews',
  'browserTimings',
  'performanceCounters',
  'AppRequests',
  'AppDependencies',
  'AppTraces',
  'AppMetrics',
  'AppEvents',
  'AppExceptions',
  'AppServiceConsoleLogs',
  'SigninLogs',
  'AuditLogs',
];
/** The views the workbook must keep (item names in workbook.json). */
export const WORKBOOK_VIEWS = [
  'passes-per-day',
  'refusals-by-reason',
  'time-to-pass',
  'approvals-waiting',
  'graph-throttling',
  'approver-sign-in-failures',
] as const;

interface WorkbookItem {
  type?: number;
  name?: string;
  content?: { query?: string; title?: string };
}

/** Every `.ts` file under `dir`, concatenated: what the bot's code can emit. */
export function sourceText(dir: string): string {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') ? [path.join(d, e.name)] : [],
    );
  return walk(dir)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

/** Problems with one KQL query, measured against the bot's source text. */
export function lintWorkbookQuery(query: string, source: string): string[] {
  const problems: string[] = [];
  const strings = [...query.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] as string);
  const bare = query.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const first = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(bare)?.[1];
  if (!first || !(EMITTED_TABLES as readonly string[]).includes(first))
    problems.push(`starts with '${first ?? ''}', not a table the bot fills (${EMITTED_TABLES.join(', ')})`);
  for (const table of OTHER_TABLES)
    if (new RegExp(`\\b${table}\\b`).test(bare)) problems.push(`reads ${table}, which TAP Desk does not fill`);
  for (const metric of strings.filter((s) => s.startsWith('tapdesk.'))) {
    if (!source.includes(`'${metric}'`)) problems.push(`names metric "${metric}", which the bot's code does not define`);
  }
  // Log messages the query matches: `message == "…"` and `message in ("…", …)`.
  const messages = [
    ...[...query.matchAll(/\bmessage\s*==\s*"([^"]+)"/g)].map((m) => m[1] as string),
    ...[...query.matchAll(/\bmessage\s+in\s*\(([^)]*)\)/g)].flatMap((m) =>
      [...(m[1] as string).matchAll(/"([^"]+)"/g)].map((s) => s[1] as string),
    ),
  ];
  for (const message of messages) {
    if (![`'${message}'`, `"${message}"`, `\`${message}\``].some((quoted) => source.includes(quoted))) {
      problems.push(`matches log message "${message}", which the bot's code does not log`);
    }
  }
  return problems;
}

/** `infraDir` holds main.bicep; `source` is the bot's code (default: every .ts under ../src). */
export function lintWorkbook(
  infraDir: string,
  read: ReadFile,
  source: () => string = () => sourceText(path.join(infraDir, '..', 'src')),
): BicepProblem[] {
  const problems: BicepProblem[] = [];
  const main = path.join(infraDir, 'main.bicep');
  const moduleFile = path.join(infraDir, 'modules', 'workbook.bicep');
  const report = (file: string, message: string) => problems.push({ file, line: 0, message });

  const mainSource = read(main);
  if (mainSource !== undefined && ![...parseBicep(mainSource).modules.values()].some((m) => m.path === 'modules/workbook.bicep')) {
    report(main, "must deploy the operators' workbook (module … 'modules/workbook.bicep')");
  }
  const bicep = read(moduleFile);
  if (bicep === undefined) return [...problems, { file: moduleFile, line: 0, message: 'file not found' }];
  if (![...parseBicep(bicep).resources.values()].some((r) => r.type.startsWith('Microsoft.Insights/workbooks@'))) {
    report(moduleFile, 'must declare a Microsoft.Insights/workbooks resource');
  }
  const loaded = /serializedData:[^\n]*loadTextContent\('([^']+)'\)/.exec(bicep)?.[1];
  if (!loaded) return [...problems, { file: moduleFile, line: 0, message: "serializedData must come from loadTextContent('<file>.json')" }];
  const jsonFile = path.join(path.dirname(moduleFile), loaded);
  const text = read(jsonFile);
  if (text === undefined) return [...problems, { file: jsonFile, line: 0, message: 'file not found' }];
  let workbook: { version?: string; items?: WorkbookItem[] };
  try {
    workbook = JSON.parse(text) as typeof workbook;
  } catch (error) {
    return [...problems, { file: jsonFile, line: 0, message: `is not JSON: ${error instanceof Error ? error.message : String(error)}` }];
  }
  if (workbook.version !== 'Notebook/1.0') report(jsonFile, `version must be "Notebook/1.0", got ${JSON.stringify(workbook.version)}`);
  const items = Array.isArray(workbook.items) ? workbook.items : [];
  const names = items.map((i) => i.name);
  for (const view of WORKBOOK_VIEWS) if (!names.includes(view)) report(jsonFile, `has no '${view}' view`);
  const code = source();
  for (const item of items.filter((i) => i.type === 3)) {
    const query = item.content?.query;
    if (typeof query !== 'string' || query.trim() === '') report(jsonFile, `'${item.name ?? '?'}' has no query`);
    else for (const p of lintWorkbookQuery(query, code)) report(jsonFile, `'${item.name ?? '?'}' ${p}`);
  }
  return problems;
}

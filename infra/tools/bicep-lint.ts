// Offline reference check for the Bicep in infra/ (no Bicep compiler can be installed here): every
// param, var, resource and module referenced is declared, every module output used exists, module
// params match the module's declarations, nothing declared goes unused, every resource type names an
// API version, and the parameters file only sets declared params with allowed values.
// Also the hardening and guards every deployment keeps, and one deployment's values (bicep-policy.ts), and the
// operators' workbook: deployed, its JSON parses, its queries name what the bot emits (bicep-workbook.ts).
// `tsx infra/tools/bicep-lint.ts [infra/main.bicep] [infra/main.parameters.json] [--param name=value …]`,
// the overrides as `az deployment group create -p name=value` gives them. Not a compiler:
// `az bicep build` and `az deployment group what-if` are the real check before deploying.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs as parseCliArgs } from 'node:util';
import { parseBicep, type ParsedBicep } from './bicep-parse';
import { lintDeploymentValues, lintPolicy } from './bicep-policy';
import { lintWorkbook } from './bicep-workbook';

export interface BicepProblem {
  file: string;
  line: number;
  message: string;
}

/** Returns a file's text, or undefined when it does not exist. Swappable so tests can lint snippets. */
export type ReadFile = (file: string) => string | undefined;

const readFromDisk: ReadFile = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
const RESOURCE_TYPE = /^[A-Za-z][A-Za-z0-9]*\.[A-Za-z0-9.]+(?:\/[A-Za-z0-9]+)+@\d{4}-\d{2}-\d{2}(?:-[a-z]+)?$/;

export function formatProblem(p: BicepProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** Lints `entry` and, through its `module` statements, every module it uses. */
export function lintBicep(entry: string, read: ReadFile = readFromDisk): BicepProblem[] {
  const problems: BicepProblem[] = [];
  const parsed = new Map<string, ParsedBicep | null>();

  function load(file: string): ParsedBicep | null {
    if (parsed.has(file)) return parsed.get(file) ?? null;
    const source = read(file);
    let result: ParsedBicep | null = null;
    if (source !== undefined) {
      try {
        result = parseBicep(source);
      } catch (error) {
        problems.push({ file, line: 0, message: error instanceof Error ? error.message : String(error) });
      }
    }
    parsed.set(file, result);
    if (result) check(file, result);
    return result;
  }

  function check(file: string, bicep: ParsedBicep): void {
    const report = (line: number, message: string) => problems.push({ file, line, message });
    for (const p of bicep.problems) report(p.line, p.message);
    const used = new Set(bicep.references.map((r) => r.name));
    const declared = new Set([
      ...bicep.params.keys(),
      ...bicep.vars.keys(),
      ...bicep.resources.keys(),
      ...bicep.modules.keys(),
      ...bicep.types,
    ]);

    for (const ref of bicep.references) {
      if (!declared.has(ref.name)) report(ref.line, `'${ref.name}' is not declared (no param, var, resource or module of that name)`);
    }
    for (const [name, param] of bicep.params) if (!used.has(name)) report(param.line, `param '${name}' is declared but never used`);
    for (const [name, line] of bicep.vars) if (!used.has(name)) report(line, `var '${name}' is declared but never used`);
    for (const [name, resource] of bicep.resources) {
      if (!RESOURCE_TYPE.test(resource.type))
        report(resource.line, `resource '${name}' has no API version: '${resource.type}' should read 'Namespace/type@yyyy-mm-dd'`);
    }
    for (const [name, module] of bicep.modules) {
      const target = path.join(path.dirname(file), module.path);
      const child = load(target);
      if (!child) {
        report(module.line, `module '${name}': ${module.path} not found or not readable`);
        continue;
      }
      for (const [param, line] of module.params)
        if (!child.params.has(param)) report(line, `module '${name}' passes '${param}', which ${module.path} does not declare`);
      for (const [param, decl] of child.params) {
        if (!decl.hasDefault && !decl.nullable && !module.params.has(param))
          report(module.line, `module '${name}' does not pass required param '${param}' of ${module.path}`);
      }
      for (const ref of bicep.references) {
        if (ref.name === name && ref.output && !child.outputs.has(ref.output))
          report(ref.line, `module '${name}' has no output '${ref.output}' (${module.path})`);
      }
    }
  }

  if (!load(entry) && !problems.some((p) => p.file === entry)) problems.push({ file: entry, line: 0, message: 'file not found' });
  return problems;
}

/** An ARM deployment parameters file (JSON) checked against the params of the Bicep it is for. */
export function lintParametersFile(parametersFile: string, bicepFile: string, read: ReadFile = readFromDisk): BicepProblem[] {
  const problems: BicepProblem[] = [];
  const report = (message: string) => problems.push({ file: parametersFile, line: 0, message });
  const text = read(parametersFile);
  const source = read(bicepFile);
  if (text === undefined || source === undefined)
    return [{ file: parametersFile, line: 0, message: `${text === undefined ? parametersFile : bicepFile} not found` }];
  const bicep = parseBicep(source);
  const values = (JSON.parse(text) as { parameters?: Record<string, { value?: unknown }> }).parameters ?? {};
  for (const [name, entry] of Object.entries(values)) {
    const param = bicep.params.get(name);
    if (!param) {
      report(`sets '${name}', which ${path.basename(bicepFile)} does not declare`);
      continue;
    }
    const value = entry.value;
    if (param.allowed && !param.allowed.includes(value as string | number))
      report(`'${name}' is ${JSON.stringify(value)}, not one of ${param.allowed.join(', ')}`);
    if (typeof value === 'number' && ((param.min !== undefined && value < param.min) || (param.max !== undefined && value > param.max))) {
      report(`'${name}' is ${value}, outside ${param.min ?? '…'}–${param.max ?? '…'}`);
    }
  }
  for (const [name, param] of bicep.params) {
    if (!param.hasDefault && !param.nullable && !(name in values)) report(`does not set '${name}', which has no default`);
  }
  return problems;
}

/** `[entry] [parameters] [--param name=value …]` → what to check. */
export function parseArgs(argv: readonly string[]): { entry: string; parameters: string; overrides: Record<string, string> } {
  const { values, positionals } = parseCliArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: { param: { type: 'string', multiple: true } },
  });
  const overrides: Record<string, string> = {};
  for (const pair of values.param ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--param needs name=value, got "${pair}"`);
    overrides[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (positionals.length > 2) throw new Error(`expected at most a template and a parameters file, got ${positionals.join(' ')}`);
  const [entry = path.join(__dirname, '..', 'main.bicep'), parameters = path.join(__dirname, '..', 'main.parameters.json')] = positionals;
  return { entry, parameters, overrides };
}

/** Everything `npm run check:infra` checks. */
export function checkInfra(
  entry: string,
  parameters: string,
  overrides: Readonly<Record<string, string>> = {},
  read: ReadFile = readFromDisk,
): BicepProblem[] {
  return [
    ...lintBicep(entry, read),
    ...lintParametersFile(parameters, entry, read),
    ...lintPolicy(path.dirname(entry), read),
    ...lintWorkbook(path.dirname(entry), read),
    ...lintDeploymentValues(parameters, entry, overrides, read),
  ];
}

function argsOrExit(argv: readonly string[]): ReturnType<typeof parseArgs> {
  try {
    return parseArgs(argv);
  } catch (error) {
    console.error(`bicep-lint: ${error instanceof Error ? error.message : String(error)}`);
    console.error('usage: npm run check:infra -- [infra/main.bicep] [infra/main.parameters.json] [--param name=value …]');
    process.exit(2);
  }
}

if (require.main === module) {
  const { entry, parameters, overrides } = argsOrExit(process.argv.slice(2));
  const problems = checkInfra(entry, parameters, overrides);
  for (const p of problems) console.error(formatProblem(p));
  console.log(
    problems.length === 0
      ? `bicep-lint: ${path.relative(process.cwd(), entry)} and its modules: no problems`
      : `bicep-lint: ${problems.length} problem(s)`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}

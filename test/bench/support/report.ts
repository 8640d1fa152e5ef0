// Each figure beside its target, printed as a table and written as JSON and markdown under
// .local/bench/ (git-ignored), so a run can be quoted and compared.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { REPO_ROOT } from '../../support/stack';

export interface Check {
  section: string;
  figure: string;
  value: string;
  target: string;
  met: boolean;
}

export const REPORT_DIR = path.join(REPO_ROOT, '.local', 'bench');

export function markdown(checks: readonly Check[]): string {
  const rows = checks.map((c) => `| ${c.section} | ${c.figure} | ${c.value} | ${c.target} | ${c.met ? 'met' : '**not met**'} |`);
  return ['| section | figure | measured | target | |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function writeReport(checks: readonly Check[], details: Record<string, unknown>): { json: string; md: string } {
  mkdirSync(REPORT_DIR, { recursive: true });
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  const at = new Date().toISOString();
  const json = path.join(REPORT_DIR, 'report.json');
  const md = path.join(REPORT_DIR, 'report.md');
  writeFileSync(json, `${JSON.stringify({ at, machine, checks, details }, null, 2)}\n`);
  writeFileSync(
    md,
    `# TAP Desk benchmark, ${at}\n\n${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}\n\n${markdown(checks)}\n`,
  );
  return { json, md };
}

// The operators' workbook passes `npm run check:infra`, and the check fails when the workbook is not
// deployed, its JSON is broken, a view is missing, or a query reads a table, metric or log message the
// bot does not emit (so a green check means the charts have data to show).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReadFile } from '../../../infra/tools/bicep-lint';
import { lintWorkbook, lintWorkbookQuery, sourceText, WORKBOOK_VIEWS } from '../../../infra/tools/bicep-workbook';

const INFRA = path.resolve(__dirname, '../../../infra');
const SRC = sourceText(path.resolve(INFRA, '../src'));
const REAL: Record<string, string> = {
  'main.bicep': readFileSync(path.join(INFRA, 'main.bicep'), 'utf8'),
  'modules/workbook.bicep': readFileSync(path.join(INFRA, 'modules/workbook.bicep'), 'utf8'),
  'modules/workbook.json': readFileSync(path.join(INFRA, 'modules/workbook.json'), 'utf8'),
};

function check(changes: Record<string, string | undefined> = {}): string[] {
  const files = { ...REAL, ...changes };
  const read: ReadFile = (file) => files[path.relative('/virtual', file)];
  return lintWorkbook('/virtual', read, () => SRC).map((p) => `${path.relative('/virtual', p.file)}: ${p.message}`);
}

function withQuery(view: string, edit: (query: string) => string): string {
  const workbook = JSON.parse(REAL['modules/workbook.json'] as string) as { items: Array<{ name: string; content: { query?: string } }> };
  const item = workbook.items.find((i) => i.name === view)!;
  item.content.query = edit(item.content.query ?? '');
  return JSON.stringify(workbook);
}

describe("infra: the operators' workbook (infra/tools/bicep-workbook.ts)", () => {
  it('is deployed by main.bicep, parses, has the six views, and every query names what the bot emits', () => {
    assert.deepEqual(check(), []);
    assert.deepEqual(
      lintWorkbook(INFRA, (f) => readFileSync(f, 'utf8')),
      [],
    );
  });

  it('reads the queries from the file the Bicep loads, through Application Insights as its source', () => {
    assert.match(REAL['modules/workbook.bicep'] as string, /resource workbook 'Microsoft\.Insights\/workbooks@\d{4}-\d{2}-\d{2}'/);
    assert.match(REAL['modules/workbook.bicep'] as string, /sourceId: insightsId/);
    const items = (JSON.parse(REAL['modules/workbook.json'] as string) as { items: Array<{ type: number; name: string }> }).items;
    assert.equal(items.filter((i) => i.type === 3).length, WORKBOOK_VIEWS.length);
  });

  it('a main.bicep without the module, or no workbook resource: a problem', () => {
    const main = (REAL['main.bicep'] as string).replace(
      /module workbook 'modules\/workbook\.bicep'/,
      "module workbook 'modules/other.bicep'",
    );
    assert.match(check({ 'main.bicep': main }).join('\n'), /main\.bicep: must deploy the operators' workbook/);
    const bicep = (REAL['modules/workbook.bicep'] as string).replace('Microsoft.Insights/workbooks@', 'Microsoft.Insights/components@');
    assert.match(check({ 'modules/workbook.bicep': bicep }).join('\n'), /must declare a Microsoft\.Insights\/workbooks resource/);
  });

  it('broken JSON, or a view taken out: a problem', () => {
    assert.match(check({ 'modules/workbook.json': '{ "version": "Notebook/1.0", ' }).join('\n'), /workbook\.json: is not JSON/);
    const json = JSON.parse(REAL['modules/workbook.json'] as string) as { items: Array<{ name: string }> };
    json.items = json.items.filter((i) => i.name !== 'time-to-pass');
    assert.deepEqual(check({ 'modules/workbook.json': JSON.stringify(json) }), ["modules/workbook.json: has no 'time-to-pass' view"]);
  });

  it('a metric, a log message or a table the bot does not emit: a problem naming the view', () => {
    assert.deepEqual(
      check({ 'modules/workbook.json': withQuery('passes-per-day', (q) => q.replace('tapdesk.passes.issued', 'tapdesk.passes.made')) }),
      [`modules/workbook.json: 'passes-per-day' names metric "tapdesk.passes.made", which the bot's code does not define`],
    );
    assert.deepEqual(
      check({ 'modules/workbook.json': withQuery('approver-sign-in-failures', (q) => q.replace('SSO token refused', 'SSO refused')) }),
      [`modules/workbook.json: 'approver-sign-in-failures' matches log message "SSO refused", which the bot's code does not log`],
    );
    assert.match(
      check({ 'modules/workbook.json': withQuery('approvals-waiting', (q) => q.replace(/^customMetrics/, 'customEvents')) }).join('\n'),
      /starts with 'customEvents'/,
    );
  });

  it('query rules on their own: tables, metrics and messages', () => {
    assert.deepEqual(lintWorkbookQuery('traces | where message == "request filed"', SRC), []);
    assert.deepEqual(lintWorkbookQuery('customMetrics | join (AppTraces) on x', SRC), ['reads AppTraces, which TAP Desk does not fill']);
    assert.deepEqual(lintWorkbookQuery('traces | where message in ("request filed", "no such line")', SRC), [
      `matches log message "no such line", which the bot's code does not log`,
    ]);
  });
});

// infra/README.md's configuration reference lists exactly the variables src/config.ts reads, each
// with a default and an example.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../../src/config';

const README = readFileSync(path.resolve(__dirname, '../../../infra/README.md'), 'utf8');

interface Row {
  variable: string;
  cells: string[];
}

/** The table rows of the "## Configuration reference" section whose first cell is a `VARIABLE`. */
function referenceRows(markdown: string): Row[] {
  const section = /^## Configuration reference\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1] ?? '';
  return section
    .split('\n')
    .filter((line) => line.trimStart().startsWith('|'))
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split(' | ')
        .map((cell) => cell.trim()),
    )
    .flatMap((cells) => {
      const variable = /^`([A-Z][A-Z0-9_]*)`$/.exec(cells[0] ?? '')?.[1];
      return variable ? [{ variable, cells }] : [];
    });
}

describe('infra/README.md configuration reference', () => {
  const rows = referenceRows(README);
  const documented = rows.map((r) => r.variable);
  const read = Object.keys(CONFIG_VARIABLES);

  it('is found', () => {
    assert.ok(rows.length > 0, 'no "## Configuration reference" table in infra/README.md');
  });

  it('lists every variable src/config.ts reads', () => {
    assert.deepEqual(
      read.filter((v) => !documented.includes(v)),
      [],
    );
  });

  it('lists no variable src/config.ts does not read', () => {
    assert.deepEqual(
      documented.filter((v) => !read.includes(v)),
      [],
    );
  });

  it('lists each variable once', () => {
    assert.deepEqual(
      documented.filter((v, i) => documented.indexOf(v) !== i),
      [],
    );
  });

  it('notices a missing row (the parser is not vacuous)', () => {
    const withoutLogLevel = README.split('\n')
      .filter((line) => !line.startsWith('| `LOG_LEVEL` |'))
      .join('\n');
    const names = referenceRows(withoutLogLevel).map((r) => r.variable);
    assert.ok(!names.includes('LOG_LEVEL') && names.length === rows.length - 1);
  });

  it('gives each a default, an example and a meaning', () => {
    for (const row of rows) {
      assert.equal(row.cells.length, 4, `${row.variable}: expected | variable | default | example | meaning |`);
      for (const cell of row.cells.slice(1)) assert.ok(cell !== '', `${row.variable} has an empty cell`);
    }
  });
});

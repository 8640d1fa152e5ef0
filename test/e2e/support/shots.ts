// Numbered screenshots per suite under test/e2e/shots/<suite>/ (git-ignored), so a run reads as a
// storyboard in file order. The folder is emptied when the suite starts.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export const SHOTS_ROOT = path.resolve(__dirname, '../shots');

export class ShotBook {
  readonly dir: string;
  private count = 0;

  constructor(suite: string) {
    this.dir = path.join(SHOTS_ROOT, suite);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** The path for the next screenshot: `07-meganb-approval-card.png`. */
  next(persona: string, name: string): string {
    this.count += 1;
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    return path.join(this.dir, `${String(this.count).padStart(2, '0')}-${persona}-${slug}.png`);
  }
}

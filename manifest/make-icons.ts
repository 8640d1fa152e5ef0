// Regenerates manifest/color.png and manifest/outline.png from icons.ts: `tsx manifest/make-icons.ts`.
// The PNGs are committed; a unit test checks they still match what this draws.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { drawColorIcon, drawOutlineIcon } from './icons';
import { encodePng } from './png';

export const ICON_FILES = { color: path.join(__dirname, 'color.png'), outline: path.join(__dirname, 'outline.png') } as const;

if (require.main === module) {
  writeFileSync(ICON_FILES.color, encodePng(drawColorIcon()));
  writeFileSync(ICON_FILES.outline, encodePng(drawOutlineIcon()));
  console.log(`wrote ${path.relative(process.cwd(), ICON_FILES.color)} and ${path.relative(process.cwd(), ICON_FILES.outline)}`);
}

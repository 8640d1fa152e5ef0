// The committed icons are what manifest/make-icons.ts draws, and they meet Teams' rules: colour
// 192x192; outline 32x32, white on transparent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ACCENT, drawColorIcon, drawOutlineIcon } from '../../../manifest/icons';
import { ICON_FILES } from '../../../manifest/make-icons';
import { decodeOwnPng, encodePng, readPngInfo, type Raster } from '../../../manifest/png';
import { TEMPLATE_FILE } from '../../../manifest/teams-manifest';

function pixels(image: Raster): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  for (let i = 0; i < image.rgba.length; i += 4) out.push([...image.rgba.subarray(i, i + 4)] as [number, number, number, number]);
  return out;
}

describe('Teams icons (manifest/*.png)', () => {
  const color = decodeOwnPng(readFileSync(ICON_FILES.color));
  const outline = decodeOwnPng(readFileSync(ICON_FILES.outline));

  it('are up to date with the generator (run `tsx manifest/make-icons.ts` after changing icons.ts)', () => {
    assert.deepEqual(color, drawColorIcon());
    assert.deepEqual(outline, drawOutlineIcon());
  });

  it('colour icon: 192x192 and opaque', () => {
    assert.deepEqual([color.width, color.height], [192, 192]);
    assert.ok(pixels(color).every(([, , , a]) => a === 255));
  });

  it('outline icon: 32x32, only white, transparent background, a visible glyph', () => {
    const info = readPngInfo(readFileSync(ICON_FILES.outline));
    assert.deepEqual([info.width, info.height, info.hasAlpha], [32, 32, true]);
    const all = pixels(outline);
    assert.ok(
      all.every(([r, g, b, a]) => a === 0 || (r === 255 && g === 255 && b === 255)),
      'outline has a non-white pixel',
    );
    for (const corner of [0, 31, 32 * 31, 32 * 32 - 1]) assert.equal(all[corner]?.[3], 0, `corner pixel ${corner} is not transparent`);
    assert.ok(all.filter(([, , , a]) => a === 255).length > 200, 'outline glyph is nearly empty');
  });

  it('the manifest accent colour is the icon background', () => {
    assert.equal((JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as { accentColor: string }).accentColor, ACCENT.hex);
    assert.deepEqual(pixels(color)[0]?.slice(0, 3), [...ACCENT.rgb]);
  });

  it('PNG writer round-trips and the reader spots damage', () => {
    const tiny: Raster = { width: 2, height: 1, rgba: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) };
    const png = encodePng(tiny);
    assert.deepEqual(decodeOwnPng(png), tiny);
    const damaged = Buffer.from(png);
    damaged[20] = (damaged[20] as number) ^ 0xff;
    assert.throws(() => readPngInfo(damaged), /bad CRC/);
  });
});

// Just enough PNG for the Teams icons: write 8-bit RGBA, read the header back, and decode what we
// wrote (filter 0 rows only) so a test can compare the committed icons with the generator.
// Hand-written on purpose: node's zlib does the deflate and the CRC-32; an image library (sharp,
// pngjs) would bring native code or a dependency for two 8-bit RGBA images.
import { crc32, deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE_RGBA = 6;

export interface Raster {
  width: number;
  height: number;
  /** width × height × 4 bytes, RGBA, row by row, not premultiplied. */
  rgba: Uint8Array;
}

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** Colour types 4 and 6 carry alpha per pixel; a tRNS chunk gives the others transparency. */
  hasAlpha: boolean;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, tail]);
}

export function encodePng(image: Raster): Buffer {
  const { width, height, rgba } = image;
  if (rgba.length !== width * height * 4) throw new Error(`raster is ${rgba.length} bytes, expected ${width * height * 4}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, COLOR_TYPE_RGBA, 0, 0, 0], 8);
  const stride = width * 4;
  const scanlines = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) scanlines.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

interface Chunk {
  type: string;
  data: Buffer;
}

function chunks(png: Buffer): Chunk[] {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  const out: Chunk[] = [];
  for (let at = 8; at + 12 <= png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (crc32(data, crc32(png.subarray(at + 4, at + 8))) !== png.readUInt32BE(at + 8 + length))
      throw new Error(`PNG chunk ${type} has a bad CRC`);
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

export function readPngInfo(png: Buffer): PngInfo {
  const all = chunks(png);
  const ihdr = all[0];
  if (!ihdr || ihdr.type !== 'IHDR' || ihdr.data.length !== 13) throw new Error('PNG does not start with an IHDR chunk');
  const colorType = ihdr.data[9] as number;
  return {
    width: ihdr.data.readUInt32BE(0),
    height: ihdr.data.readUInt32BE(4),
    bitDepth: ihdr.data[8] as number,
    colorType,
    hasAlpha: colorType === 4 || colorType === 6 || all.some((c) => c.type === 'tRNS'),
  };
}

/** Decodes 8-bit RGBA PNGs whose rows all use filter 0 (what encodePng writes); refuses anything else. */
export function decodeOwnPng(png: Buffer): Raster {
  const info = readPngInfo(png);
  if (info.bitDepth !== 8 || info.colorType !== COLOR_TYPE_RGBA) throw new Error('only 8-bit RGBA PNGs are supported');
  const idat = Buffer.concat(
    chunks(png)
      .filter((c) => c.type === 'IDAT')
      .map((c) => c.data),
  );
  const raw = inflateSync(idat);
  const stride = info.width * 4;
  if (raw.length !== (stride + 1) * info.height) throw new Error('PNG image data has the wrong length');
  const rgba = new Uint8Array(stride * info.height);
  for (let y = 0; y < info.height; y++) {
    if (raw[y * (stride + 1)] !== 0) throw new Error(`row ${y} uses PNG filter ${raw[y * (stride + 1)]}; only 0 is supported`);
    rgba.set(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
  }
  return { width: info.width, height: info.height, rgba };
}

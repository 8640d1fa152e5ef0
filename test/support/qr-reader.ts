// Reads a QR code image off a card as a phone would: decodes the data URI's GIF to pixels and scans them (jsQR), so a
// test checks what the code says, not how it was drawn.
import jsQR from 'jsqr';
import { GifReader } from 'omggif';

/** The text a `data:image/gif;base64,…` QR code image holds, or null when it holds none. */
export function readQrCode(dataUri: string): string | null {
  const match = /^data:image\/gif;base64,([A-Za-z0-9+/=]+)$/.exec(dataUri);
  if (!match) throw new Error(`not a GIF data URI: ${dataUri.slice(0, 40)}`);
  const gif = new GifReader(Buffer.from(match[1] as string, 'base64'));
  const pixels = new Uint8ClampedArray(gif.width * gif.height * 4);
  gif.decodeAndBlitFrameRGBA(0, pixels);
  return jsQR(pixels, gif.width, gif.height)?.data ?? null;
}

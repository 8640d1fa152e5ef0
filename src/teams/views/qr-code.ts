// A link as a QR code image for a card. The Face Check link opens Microsoft Authenticator, which is on the person's
// phone: read on a computer, the link's button leads nowhere, so the card also shows the code to scan with the phone
// (Microsoft's Verified ID samples draw their QR code from the same `url`; src/verified-id/README.md §2). Drawn here
// from the link itself rather than taken from the service (`includeQRCode`), so the image encodes exactly the link
// the button opens, at a size we choose. A GIF data URI: Adaptive Cards take data URIs for images from 1.2, Teams
// shows PNG, JPEG and GIF, and base64 images do not count towards its message size limit.
import qrcode from 'qrcode-generator';

/** Pixels per module: 4 keeps a version 10 code (a Face Check link) about 240 px wide, easy to scan off a screen. */
const CELL_PX = 4;
/** The quiet zone QR readers need around the code, in modules (the standard asks for 4). */
const QUIET_MODULES = 4;

/**
 * The largest image drawn (characters of the data URI), about a 600-character link: a denser code is hard to scan off a
 * screen, and the card waits in the outbox as stored JSON of at most 32,000 characters (src/store/keys.ts). A Face
 * Check link is about 170 characters (a 4,400-character image).
 */
const MAX_IMAGE_CHARS = 12_000;

/**
 * The link as a QR code (error correction M, the smallest version that holds it); null when no QR code can hold it or
 * the image would be too large: the button still carries the link.
 */
export function qrCodeImage(link: string): string | null {
  let image: string;
  try {
    const qr = qrcode(0, 'M');
    qr.addData(link, 'Byte');
    qr.make();
    image = qr.createDataURL(CELL_PX, QUIET_MODULES);
  } catch {
    return null; // over a version 40 code's capacity (about 2,300 bytes at M)
  }
  return image.length <= MAX_IMAGE_CHARS ? image : null;
}

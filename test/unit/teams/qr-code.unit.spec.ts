// The Face Check link as a QR code: a phone's scan of the image gives back exactly the link, at a size a card can show;
// a link no QR code can hold gives no image (the button alone).
import assert from 'node:assert/strict';
import { qrCodeImage } from '../../../src/teams/views/qr-code';
import { faceCheckAskView } from '../../../src/teams/views/face-check-views';
import type { TapRequest } from '../../../src/domain/request-types';
import { readQrCode } from '../../support/qr-reader';

const LINK =
  'openid-vc://?request_uri=https://verifiedid.did.msidentity.com/v1.0/tenants/510a7fe1-50f4-5852-90b4-23956de2d650/verifiableCredentials/presentationRequests/9f1c4b0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('QR code of a link', () => {
  it('scans back to the very link, each link its own code', () => {
    const image = qrCodeImage(LINK);
    assert.ok(image);
    assert.equal(readQrCode(image), LINK);
    const other = `${LINK.slice(0, -1)}c`;
    assert.equal(readQrCode(qrCodeImage(other) ?? ''), other);
  });

  it('stays small: a Face Check link is a GIF of a few KB', () => {
    const image = qrCodeImage(LINK) ?? '';
    const bytes = Buffer.from(image.split(',')[1] ?? '', 'base64');
    assert.equal(bytes.subarray(0, 6).toString('latin1'), 'GIF87a');
    const width = bytes.readUInt16LE(6);
    assert.ok(width >= 150 && width <= 320, `width ${width} px`);
    assert.ok(image.length < 8_000, `${image.length} characters`);
  });

  it('gives no image for a link longer than any QR code holds, nor one too dense to scan or to store', () => {
    assert.equal(qrCodeImage(`https://example.com/?q=${'x'.repeat(3_000)}`), null);
    assert.equal(qrCodeImage(`https://example.com/?q=${'x'.repeat(1_000)}`), null);
    const longest = qrCodeImage(`https://example.com/?q=${'x'.repeat(500)}`);
    assert.ok(longest && longest.length <= 12_000, `${longest?.length} characters`);
  });
});

describe('the Face Check card for the target', () => {
  const request = {
    id: 'TAP-0042',
    faceCheck: { askedBy: { displayName: 'Adele Vance' }, ticket: { serviceRequestId: 's', expiresAt: '2026-12-07T10:05:00.000Z' } },
  } as unknown as TapRequest;

  it('carries the link as a button and as a code to scan, and says which is for what', () => {
    const view = faceCheckAskView(request, LINK);
    assert.equal(view.linkUrl, LINK);
    assert.equal(view.hasQrCode, true);
    assert.equal(readQrCode(view.qrCodeImage ?? ''), LINK);
    assert.match(view.body, /tap "Open in Authenticator"; reading this on a computer, scan the code below/);
  });

  it('without a code, the button alone and words that fit it', () => {
    const view = faceCheckAskView(request, `openid-vc://?request_uri=${'x'.repeat(3_000)}`);
    assert.equal(view.hasQrCode, undefined);
    assert.doesNotMatch(view.body, /scan/);
    assert.match(view.body, /Open the link on the phone/);
  });
});

// The Face Check in words: the line every copy of the approval card shows, and the 1:1 card that gives the target
// the link. The score is shown rounded down, so a score just under the threshold never reads as reaching it.
import type { FaceCheck, TapRequest } from '../../domain/request-types';
import type { Fact, NoticeView } from '../cards/view-types';
import { formatTime } from '../format';
import { qrCodeImage } from './qr-code';

const pct = (n: number): string => `${Math.floor(n)}%`;

/** What approvers read about the Face Check (nothing until one is asked). Only "passed" counts as evidence. */
export function faceCheckLine(check: FaceCheck | undefined, targetName: string, now: Date = new Date()): string | null {
  if (!check) return null;
  const asked = `asked by ${check.askedBy.displayName} at ${formatTime(check.askedAt)}`;
  switch (check.state) {
    case 'asked':
      // The service's request lapsed without a result: nothing more will come for it.
      if (check.ticket && Date.parse(check.ticket.expiresAt) <= now.getTime())
        return `${asked}; the link expired at ${formatTime(check.ticket.expiresAt)} without a result — ask again if you need it`;
      if (check.sentToChat === false)
        return `${asked}, but ${targetName} has no chat with TAP Desk yet: ask them to say "hello" to TAP Desk, then ask again`;
      return check.openedAt
        ? `${asked}; opened in Authenticator at ${formatTime(check.openedAt)}, no result yet`
        : `${asked}; the link is in ${targetName}'s chat, no result yet`;
    case 'passed':
      return `Passed with confidence ${pct(check.matchConfidence)} (threshold ${check.threshold}%) at ${formatTime(check.at)}; ${asked}`;
    case 'below-threshold':
      return `Below the threshold: ${pct(check.matchConfidence)} (threshold ${check.threshold}%) — does not count; ${asked}`;
    case 'declined':
      return `Declined by the person in Authenticator at ${formatTime(check.at)} — does not count; ${asked}`;
    case 'failed':
      return check.code === 'below-threshold'
        ? `Below the threshold (${check.threshold}%; Verified ID does not report the score) — does not count; ${asked}`
        : `Failed: ${check.why} — does not count; ${asked}`;
  }
}

export function faceCheckFacts(request: TapRequest, now: Date): Fact[] {
  const line = faceCheckLine(request.faceCheck, request.target.displayName, now);
  return line ? [{ title: 'Face Check', value: line }] : [];
}

/**
 * The target's 1:1 card: the link that opens Microsoft Authenticator for the Face Check, as a button for a phone and
 * as a QR code for a computer (Authenticator is on the phone).
 */
export function faceCheckAskView(request: TapRequest, link: string): NoticeView {
  const by = request.faceCheck?.askedBy.displayName ?? 'The help desk';
  const qr = qrCodeImage(link);
  const how = qr
    ? 'On the phone that holds your Verified ID (Microsoft Authenticator), tap "Open in Authenticator"; reading this on a computer, ' +
      'scan the code below with Authenticator on that phone. Then share your VerifiedEmployee credential and take the selfie it asks for. '
    : 'Open the link on the phone that holds your Verified ID (Microsoft Authenticator), share your VerifiedEmployee credential and ' +
      'take the selfie it asks for. ';
  return {
    title: 'Prove it is you with a Face Check',
    body:
      `${by} is reviewing a Temporary Access Pass for you and asks you to confirm it is really you. ${how}` +
      'Only your face is compared with your credential photo; the picture is not shared with TAP Desk. If you did not ask for a pass, ' +
      'do not open it and tell the help desk.',
    facts: [
      { title: 'Request', value: request.id },
      ...(request.faceCheck?.ticket ? [{ title: 'Valid until', value: formatTime(request.faceCheck.ticket.expiresAt) }] : []),
    ],
    requestId: request.id,
    canReport: false,
    hasLink: true,
    linkUrl: link,
    linkTitle: 'Open in Authenticator',
    ...(qr ? { hasQrCode: true, qrCodeImage: qr, qrCodeAlt: 'QR code of the Face Check link: scan it with Microsoft Authenticator' } : {}),
  };
}

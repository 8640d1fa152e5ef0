// How a pass's follow-up reads on the cards and in the help desk's status: "used, a passkey registered
// at 10:42, pass removed" — and the 1:1 offer to the person. Never the pass value (there is none here).
import type { TapRequest } from '../../domain/request-types';
import type { NoticeView } from '../cards/view-types';
import { formatTime } from '../format';

const METHOD_WORDS: Record<string, string> = {
  fido2: 'a passkey',
  microsoftAuthenticator: 'Microsoft Authenticator',
  windowsHelloForBusiness: 'Windows Hello for Business',
  platformCredential: 'a passkey on their device',
  phone: 'a phone number',
  email: 'an email address',
  softwareOath: 'an authenticator app code',
  qrCodePin: 'a QR code sign-in',
  external: 'an external sign-in method',
};

export function methodWords(kind: string, displayName: string | null): string {
  const words = METHOD_WORDS[kind] ?? 'a new sign-in method';
  return displayName && kind === 'fido2' ? `${words} (${displayName})` : words;
}

/** "used, a passkey registered at 10:42, pass removed by Alex" (or "still live (until …)"); null when nothing was seen yet. */
export function followUpLine(request: TapRequest): string | null {
  if (request.status !== 'issued' || !request.followUp) return null;
  const f = request.followUp;
  const used = f.passUsed ? (f.passUsedAt ? `used at ${formatTime(f.passUsedAt)}` : 'used') : 'not seen used';
  const state = f.removedAt
    ? f.removedBy
      ? `pass removed by ${f.removedBy.displayName} at ${formatTime(f.removedAt)}`
      : 'pass no longer exists'
    : `pass still live (until ${formatTime(request.issued.expiresAt)})`;
  return `${used}, ${methodWords(f.method.kind, f.method.displayName)} registered at ${formatTime(f.method.registeredAt)}, ${state}`;
}

/** The 1:1 card: "You've set up <method> — remove your pass now", one click. */
export function removalOfferView(request: TapRequest): NoticeView {
  const f = request.status === 'issued' ? request.followUp : undefined;
  const method = f ? methodWords(f.method.kind, f.method.displayName) : 'a new sign-in method';
  return {
    title: `You've set up ${method} — remove your pass now`,
    body:
      'Your Temporary Access Pass has done its job: you can sign in with your new method. ' +
      'Remove the pass so nobody else can use it while it is still valid. It takes one click and changes nothing else.',
    facts: [
      { title: 'Request', value: request.id },
      ...(f ? [{ title: 'Registered', value: formatTime(f.method.registeredAt) }] : []),
      ...(request.status === 'issued' ? [{ title: 'Pass works until', value: formatTime(request.issued.expiresAt) }] : []),
    ],
    requestId: request.id,
    canReport: false,
    canRemove: true,
  };
}

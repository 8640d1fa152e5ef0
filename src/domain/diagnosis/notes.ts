// Platform and browser notes, shown only when what the person told us (symptom, what they are trying to
// reach) or their recent sign-ins fit. Sources: entra-docs TAP how-to (Windows device setup, limitations:
// NPS extension and AD FS adapter; older version: Seamless SSO's "Use your Temporary Access Pass instead"
// link; limitations: users in scope of an SSPR or Identity Protection MFA registration policy land in
// the interrupt mode of combined registration, which can't register FIDO2 keys or phone sign-in) and
// the passkey/FIDO2 browser-support page (security key registration in Safari and Firefox on
// macOS and in iOS browsers; no FIDO2 in Firefox or Edge on Linux).
import type { SignInFact, Symptom } from './facts';
import { type Context, TAP_SYMPTOMS } from './context';
import { type Ranked, finding } from './finding';
import { failureEvidence } from './signins';

const VPN = /\b(vpn|radius|nps|wi-?fi|wifi|ad ?fs|federation|remote desktop|rd ?gateway|citrix|netscaler)\b/i;
/** Registering a passwordless method, or the interrupt-mode page itself ("Keep your account secure"). */
const PASSWORDLESS =
  /\b(security ?key|fido2?|passkey|phone sign-?in|passwordless|keep your account secure|more information (is )?required)\b/i;
const WINDOWS = /\b(windows|pc|laptop|computer|lock ?screen|device setup|windows hello)\b/i;

function hasPass(ctx: Context): boolean {
  const tap = ctx.facts.target.tap;
  return tap.known && tap.value !== null;
}

/** A TAP symptom, or a vague one from someone who has a pass. */
function tapContext(ctx: Context, extra: readonly Symptom[] = []): boolean {
  const symptom = ctx.facts.symptom;
  return TAP_SYMPTOMS.includes(symptom) || extra.includes(symptom) || ((symptom === 'other' || symptom === 'unknown') && hasPass(ctx));
}

function npsNote(ctx: Context): Ranked | null {
  if (!VPN.test(ctx.facts.reaching ?? '') || !tapContext(ctx, ['other', 'unknown'])) return null;
  return finding('note.nps-adfs', 'warning', 83, {
    title: "A pass doesn't work for VPN, Wi-Fi or AD FS sign-ins",
    headline: "a Temporary Access Pass can't be used for VPN, Wi-Fi (NPS) or AD FS sign-ins",
    explanation:
      "Sign-ins that go through the NPS extension (many VPNs, Wi-Fi and RADIUS) or the AD FS adapter don't accept a Temporary Access Pass. They need your password and your usual MFA.",
    nextStep:
      'Use the pass in a browser at https://aka.ms/mysecurityinfo to set up Microsoft Authenticator first, then sign in to the VPN or Wi-Fi with that.',
  });
}

function windowsNote(ctx: Context): Ranked | null {
  const code = ctx.failures.find((f) => f.kind === 'tap-web-sign-in');
  const fits = WINDOWS.test(ctx.facts.reaching ?? '') && tapContext(ctx);
  if (!code && !fits) return null;
  return finding('note.windows-sign-in', 'warning', 82, {
    title: 'Using a pass on the Windows sign-in screen',
    headline: 'on the Windows sign-in screen a pass only works through Web sign-in',
    explanation:
      'On the Windows sign-in screen a pass works only if your organisation has turned on Web sign-in, and it is meant for setting up a new PC or recovering when you have no password. ' +
      'On a PC that is already joined (or hybrid joined), sign in with your password, smart card or security key first, then use the pass to set up Windows Hello.',
    nextStep:
      'Under Sign-in options choose Web sign-in and enter your pass there. If there is no such option, sign in another way, or use the pass in a browser at https://aka.ms/mysecurityinfo.',
    evidence: code ? failureEvidence(code, ctx.now) : null,
  });
}

function interruptRegistrationNote(ctx: Context): Ranked | null {
  if (!PASSWORDLESS.test(ctx.facts.reaching ?? '') || !tapContext(ctx, ['mfa-cannot-complete', 'other', 'unknown'])) return null;
  return finding('note.interrupt-registration', 'warning', 81, {
    title: "The set-up page after a pass sign-in can't add a security key or phone sign-in",
    headline: 'the "Keep your account secure" page shown after a pass sign-in can\'t add a security key or phone sign-in',
    explanation:
      'If your organisation makes people register security info when they sign in (a password-reset or MFA registration policy), signing in with a pass takes you to the "Keep your account secure" set-up first. ' +
      "That page can't register a security key (FIDO2) or phone sign-in.",
    nextStep:
      'Finish that page with a method it offers, such as Microsoft Authenticator, then add the security key or phone sign-in at https://aka.ms/mysecurityinfo. With a one-time pass, do both within 10 minutes of signing in.',
  });
}

type Platform = 'mac-safari-firefox' | 'ios' | 'linux';

function platformOf(text: string, s: SignInFact | null): Platform | null {
  const os = (s?.deviceDetail.operatingSystem ?? '').toLowerCase();
  const browser = (s?.deviceDetail.browser ?? '').toLowerCase();
  const said = text.toLowerCase();
  if (/\b(iphone|ipad|ios)\b/.test(said) || /^ios|ipad/.test(os)) return 'ios';
  const mac = /\b(mac|macbook|macos)\b/.test(said) || /^mac/.test(os);
  const safariOrFirefox = /\b(safari|firefox)\b/.test(said) || /safari|firefox/.test(browser);
  if (mac && safariOrFirefox) return 'mac-safari-firefox';
  if ((/\blinux\b/.test(said) || /linux/.test(os)) && (/\bfirefox\b/.test(said) || /firefox|edge/.test(browser))) return 'linux';
  return null;
}

const PLATFORM_WORDS: Record<Platform, { explanation: string; nextStep: string }> = {
  'mac-safari-firefox': {
    explanation:
      "Registering a new security key doesn't work in Safari or Firefox on a Mac: they don't ask you to set up the key's PIN or fingerprint.",
    nextStep:
      'Use Edge or Chrome on the Mac to add the security key, or set up Microsoft Authenticator on your phone with the pass instead.',
  },
  ios: {
    explanation:
      "Registering a new security key doesn't work in browsers on an iPhone or iPad: they don't ask you to set up the key's PIN or fingerprint.",
    nextStep: 'Add the security key from a computer, or set up Microsoft Authenticator on the phone with your pass instead.',
  },
  linux: {
    explanation: "Firefox and Edge on Linux don't support passkeys or security keys for Microsoft sign-in.",
    nextStep: 'Use Chrome on Linux, or another device, to register or use a security key.',
  },
};

function browserNote(ctx: Context): Ranked | null {
  if (!tapContext(ctx)) return null;
  const platform = platformOf(ctx.facts.reaching ?? '', ctx.latest);
  if (!platform) return null;
  const words = PLATFORM_WORDS[platform];
  return finding('note.browser', 'warning', 60, {
    title: 'Your browser may not support adding a security key',
    headline: "your browser can't register a new security key",
    explanation: words.explanation,
    nextStep: words.nextStep,
  });
}

function noPromptNote(ctx: Context): Ranked | null {
  if (ctx.facts.symptom !== 'no-tap-prompt') return null;
  return finding('note.no-tap-prompt', 'warning', 57, {
    title: 'If the sign-in page goes straight to your password',
    headline: 'the sign-in page may be going straight to your password',
    explanation:
      'On some PCs the sign-in page asks for your password first (for example when it signs you in automatically). The pass is then behind a link such as "Use your Temporary Access Pass instead" or "Other ways to sign in".',
    nextStep: 'Look for that link under the password box and choose it.',
  });
}

export function notesCheck(ctx: Context): Ranked[] {
  return [npsNote(ctx), windowsNote(ctx), interruptRegistrationNote(ctx), browserNote(ctx), noPromptNote(ctx)].filter(
    (n): n is Ranked => n !== null,
  );
}

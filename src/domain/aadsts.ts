// Microsoft Entra sign-in error codes (AADSTSnnnnn) in plain words. Transcribed from
// test/fixtures/graph-tables/aadsts-codes.json (the official reference table at entra-docs 3164b3b5, plus the
// few codes seen only elsewhere, marked `official: false`). Data, not a file read: the domain does no I/O.
// A code that is not here is reported as unknown — never guessed.

/** Which check a code is evidence for; diagnosis.ts ranks by it. */
export type CodeKind =
  | 'success'
  | 'interrupt' // part of a normal sign-in, not a failure
  | 'disabled'
  | 'locked'
  | 'wrong-password'
  | 'password-expired'
  | 'password-changed'
  | 'mfa'
  | 'mfa-registration'
  | 'ca-compliant-device'
  | 'ca-domain-joined'
  | 'ca-approved-app'
  | 'ca-blocked'
  | 'ca-password-change'
  | 'ca-other'
  | 'device'
  | 'security-defaults'
  | 'not-in-tenant'
  | 'risk'
  | 'app'
  | 'session'
  | 'seamless-sso'
  | 'credential-policy'
  | 'tap-expired'
  | 'tap-not-found'
  | 'tap-web-sign-in'
  | 'other';

export interface KnownCode {
  code: number;
  /** The table's identifier (e.g. `IdsLocked`), or its short description when it has none. */
  name: string;
  plain: string;
  nextStep: string | null;
  /** false for codes documented only by third parties. */
  official: boolean;
  kind: CodeKind;
}

export interface UnknownCode {
  code: number;
  unknown: true;
}

type Row = [code: number, name: string, kind: CodeKind, plain: string, nextStep: string | null, official?: false];

const HELP_DESK = 'Contact the help desk and tell them the time you tried and the app you used.';
const SIGN_IN_AGAIN = 'Sign in again.';
const REQUEST = 'If you no longer have your phone or security key, ask for a Temporary Access Pass.';

const ROWS: readonly Row[] = [
  // src/graph/README.md §7: errorCode 0 is a successful sign-in.
  [0, 'Success', 'success', 'The sign-in worked.', null],
  [
    16000,
    'InteractionRequired',
    'not-in-tenant',
    "This account isn't set up in the organisation you're signing in to.",
    'Sign out, then sign in with your account for this organisation.',
  ],
  [
    50020,
    'UserUnauthorized',
    'not-in-tenant',
    "Your account belongs to another organisation and hasn't been added here as a guest.",
    'Ask your contact here to invite you, or sign in with an account of this organisation.',
  ],
  [
    50034,
    'UserAccountNotFound',
    'not-in-tenant',
    "There's no account with that username here — often a typo.",
    'Check the username (your full work email address) and try again.',
  ],
  [
    50053,
    'IdsLocked',
    'locked',
    'The account is locked after too many wrong sign-in attempts, or the sign-in came from an IP address with malicious activity.',
    "Wait a few minutes and don't keep retrying the password. If it keeps happening, contact the help desk.",
  ],
  [
    50055,
    'InvalidPasswordExpiredPassword',
    'password-expired',
    'Your password has expired.',
    'Change it when asked, or use self-service password reset; otherwise contact the help desk.',
  ],
  [
    50056,
    'Invalid or null password',
    'wrong-password',
    "There's no password stored for this account.",
    'Enter your password again; if you never had one, contact the help desk.',
  ],
  [50057, 'UserDisabled', 'disabled', 'The account is disabled.', 'Contact the help desk: only an administrator can enable it.'],
  [
    50058,
    'UserInformationNotProvided',
    'interrupt',
    "An app tried to sign you in silently before you'd signed in. Not a problem on its own.",
    null,
  ],
  [
    50064,
    'CredentialAuthenticationError',
    'wrong-password',
    "The username or password couldn't be checked.",
    'Check your username and password and try again.',
  ],
  [
    50072,
    'UserStrongAuthEnrollmentRequiredInterrupt',
    'mfa-registration',
    'You need to set up multifactor authentication (MFA) before you can continue.',
    'Follow the prompts to add the Microsoft Authenticator app or another method.',
  ],
  [
    50074,
    'UserStrongAuthClientAuthNRequiredInterrupt',
    'mfa',
    "Multifactor authentication (MFA) was required and wasn't completed.",
    `Complete the MFA prompt. ${REQUEST}`,
  ],
  [
    50076,
    'UserStrongAuthClientAuthNRequired',
    'mfa',
    'Multifactor authentication (MFA) is required here — by a policy, a per-user setting or because you are somewhere new.',
    `Sign in again and complete the MFA prompt. ${REQUEST}`,
  ],
  [
    50078,
    'UserStrongAuthExpired',
    'mfa',
    "Your earlier multifactor authentication has expired under your organisation's policy.",
    'Sign in again and complete MFA.',
  ],
  [
    50079,
    'UserStrongAuthEnrollmentRequired',
    'mfa-registration',
    'You must register security info for multifactor authentication before you can continue.',
    "Follow the prompts to register a method. If you can't, ask for a Temporary Access Pass.",
  ],
  [
    50089,
    'Flow token expired',
    'session',
    'The sign-in took too long or the session expired. This is expected now and then.',
    'Start the sign-in again.',
  ],
  [
    50097,
    'DeviceAuthenticationRequired',
    'device',
    'This device has to prove its identity to sign in, and it could not.',
    "Sign in from your organisation's device. If this is one, contact the help desk.",
  ],
  [
    50105,
    'EntitlementGrantsNotFound',
    'app',
    "You aren't assigned to this app.",
    "Ask the app's owner or the help desk to give you access.",
  ],
  [
    50125,
    'PasswordResetRegistrationRequiredInterrupt',
    'interrupt',
    'Sign-in paused so you could reset your password or register for password reset.',
    'Follow the prompts.',
  ],
  [
    50126,
    'InvalidUserNameOrPassword',
    'wrong-password',
    'Wrong username or password.',
    'Check your username and password (and Caps Lock). Too many wrong tries lock the account.',
  ],
  [
    50131,
    'ConditionalAccessFailed',
    'ca-other',
    "A Conditional Access check failed — for example the device's state, suspicious activity or a security policy.",
    HELP_DESK,
  ],
  [
    50132,
    'SsoArtifactInvalidOrExpired',
    'password-changed',
    'Your session ended because your password expired or was changed recently.',
    'Sign in again with your current password.',
  ],
  [
    50133,
    'SsoArtifactRevoked',
    'password-changed',
    'Your session ended because your password expired or was changed recently.',
    'Sign in again with your current password.',
  ],
  [
    50135,
    'PasswordChangeCompromisedPassword',
    'risk',
    'Your password must be changed because the account is at risk.',
    'Change your password when asked; otherwise contact the help desk.',
  ],
  [50140, 'KmsiInterrupt', 'interrupt', 'The “Stay signed in?” question. Not a problem.', null],
  [
    50142,
    'Password change required by Conditional Access',
    'ca-password-change',
    'A Conditional Access policy requires you to change your password.',
    'Change your password when asked.',
  ],
  [
    50144,
    'InvalidPasswordExpiredOnPremPassword',
    'password-expired',
    'Your Active Directory (on-premises) password has expired.',
    'Reset it with self-service password reset, or ask the help desk.',
  ],
  [
    50158,
    'External security challenge not satisfied',
    'interrupt',
    'You were sent to another page or provider (such as terms of use or another MFA service) to finish signing in. Not a failure on its own.',
    null,
  ],
  [
    50173,
    'Grant expired (revoked)',
    'password-changed',
    'Your session was revoked, usually because your password was changed or reset.',
    'Sign in again with your current password.',
  ],
  [50199, 'CmsiInterrupt', 'interrupt', 'The app asked you to confirm the sign-in, for security. Not a problem.', null],
  [
    51004,
    'UserAccountNotInDirectory',
    'not-in-tenant',
    "The account doesn't exist in this directory.",
    'Check the username (your full work email address) and try again.',
  ],
  [
    53000,
    'DeviceNotCompliant',
    'ca-compliant-device',
    "A Conditional Access policy requires a compliant device, and this device isn't compliant.",
    'Enroll this device in Intune (Company Portal) or sign in from a compliant device.',
  ],
  [
    53001,
    'DeviceNotDomainJoined',
    'ca-domain-joined',
    "A Conditional Access policy requires a domain-joined device, and this device isn't one.",
    "Sign in from a company PC joined to your organisation's domain.",
  ],
  [
    53002,
    'ApplicationUsedIsNotAnApprovedApp',
    'ca-approved-app',
    "This app isn't an approved app under Conditional Access.",
    'Use the approved Microsoft app instead (for example Outlook rather than a built-in mail app).',
  ],
  [53003, 'BlockedByConditionalAccess', 'ca-blocked', 'A Conditional Access policy blocked the sign-in.', HELP_DESK],
  [
    53004,
    'ProofUpBlockedDueToRisk',
    'risk',
    'You need to register for multifactor authentication, and that is blocked because of risk.',
    'Contact the help desk so they can check your account.',
  ],
  [
    53011,
    'User blocked due to risk on home tenant',
    'risk',
    'Your home organisation blocked the sign-in because your account is at risk there.',
    "Contact your home organisation's help desk.",
  ],
  [
    530032,
    'BlockedByConditionalAccessOnSecurityPolicy',
    'ca-blocked',
    'An organisation-wide security policy blocked this sign-in.',
    HELP_DESK,
  ],
  [
    530035,
    'BlockedBySecurityDefaults',
    'security-defaults',
    'Security defaults blocked the sign-in, usually because the app uses an old (legacy) way of signing in.',
    'Use a current app that supports modern sign-in, such as the latest Outlook.',
  ],
  [
    65001,
    'DelegationDoesNotExist',
    'app',
    "The app hasn't been given consent to use your account. Nothing is wrong with your account.",
    "Ask the help desk or the app's owner to approve the app.",
  ],
  [
    70043,
    'BadTokenDueToSignInFrequency',
    'session',
    "Your session expired under your organisation's sign-in frequency policy.",
    SIGN_IN_AGAIN,
  ],
  [
    700016,
    'UnauthorizedClient_DoesNotMatchRequest',
    'app',
    "The app isn't registered in this organisation. Nothing is wrong with your account.",
    'Contact the help desk about the app.',
  ],
  [700082, 'ExpiredOrRevokedGrantInactiveToken', 'session', 'Your session expired after a time without use.', SIGN_IN_AGAIN],
  [
    81010,
    'DesktopSsoAuthTokenInvalid',
    'seamless-sso',
    'Automatic sign-in on your PC (Seamless SSO) failed: its Kerberos ticket expired or is invalid.',
    'Sign in with your username and password instead.',
  ],
  [
    90072,
    'PassThroughUserMfaError',
    'not-in-tenant',
    "Your external account doesn't exist in this organisation, so it can't complete MFA here.",
    'Ask your contact here to add you as a guest, or use an account of this organisation.',
  ],
  // Official, but from the certificate-based-authentication troubleshooting page, not the code table.
  [
    130501,
    'Sign in was blocked due to User Credential Policy',
    'credential-policy',
    "The authentication methods policy doesn't allow this sign-in method for you.",
    HELP_DESK,
  ],
  // Seen only in third-party sources (sign-in logs quoted in public repos): not in Microsoft's table.
  [
    500121,
    'Authentication failed during strong authentication request',
    'mfa',
    'The multifactor authentication step failed or was cancelled.',
    `Try again and approve the prompt. ${REQUEST}`,
    false,
  ],
  [
    70044,
    'Session expired (sign-in frequency)',
    'session',
    "Your session expired under your organisation's sign-in frequency policy.",
    SIGN_IN_AGAIN,
    false,
  ],
  [130504, 'Temporary Access Pass expired', 'tap-expired', 'Your Temporary Access Pass has expired.', 'Ask for a new pass.', false],
  [
    130506,
    'Access Pass must be used for Web Sign In',
    'tap-web-sign-in',
    'This PC requires a Temporary Access Pass for Web sign-in.',
    'On the Windows sign-in screen choose Web sign-in and enter your pass, or sign in another way.',
    false,
  ],
  [
    130507,
    'Access pass could not be found or verified',
    'tap-not-found',
    'No valid Temporary Access Pass could be found or checked for you.',
    'Check you typed the pass exactly. If it is used up or expired, ask for a new one.',
    false,
  ],
];

function toKnown([code, name, kind, plain, nextStep, official]: Row): KnownCode {
  return { code, name, plain, nextStep, official: official !== false, kind };
}

const TABLE: ReadonlyMap<number, KnownCode> = new Map(ROWS.map((row) => [row[0], toKnown(row)]));

/** Every code we can explain, in table order (for listings and tests). */
export const KNOWN_CODES: readonly number[] = ROWS.map((row) => row[0]);

export function explainCode(code: number): KnownCode | UnknownCode {
  return TABLE.get(code) ?? { code, unknown: true };
}

export function isUnknownCode(info: KnownCode | UnknownCode): info is UnknownCode {
  return 'unknown' in info;
}

/** `AADSTS50053`, `aadsts 50053`, or just `50053` → 50053; anything else → null. */
export function parseAadstsCode(text: string | null | undefined): number | null {
  if (!text) return null;
  const prefixed = /AADSTS\s*-?\s*(\d{1,7})\b/i.exec(text);
  const bare = /^\s*(\d{4,7})\s*$/.exec(text);
  const digits = prefixed?.[1] ?? bare?.[1];
  return digits === undefined ? null : Number(digits);
}

/** "AADSTS53000 (DeviceNotCompliant)" — or just "AADSTS99999" when we don't know it. */
export function codeLabel(code: number): string {
  const info = explainCode(code);
  return isUnknownCode(info) ? `AADSTS${code}` : `AADSTS${code} (${info.name})`;
}

// The typed command table: what people type, mapped to a command and its argument.
// Order matters only where phrasings overlap; the first match wins.

export type CommandName =
  'help' | 'request' | 'status' | 'pending' | 'diagnose' | 'revoke' | 'cancel' | 'audit' | 'export-audit' | 'approvals-here' | 'health';

export interface ParsedCommand {
  name: CommandName;
  /** The rest of the message after the command word, trimmed ('' when none). */
  argument: string;
}

interface Route {
  name: CommandName;
  /** Each pattern's first capture group, when present, is the argument. */
  patterns: RegExp[];
}

const ROUTES: readonly Route[] = [
  { name: 'help', patterns: [/^(?:help|\?|hi|hello|hey|menu|commands)$/i, /^what can you do\??$/i] },
  { name: 'health', patterns: [/^(?:health|health check|capabilities)$/i] },
  { name: 'approvals-here', patterns: [/^approvals here$/i, /^use this channel for approvals$/i] },
  { name: 'export-audit', patterns: [/^export audit(?:\s+(.*))?$/i] },
  { name: 'audit', patterns: [/^audit(?:\s+(.*))?$/i] },
  { name: 'pending', patterns: [/^pending(?: requests)?(?: (?:page )?(\d{1,4}))?$/i, /^(?:show )?open requests$/i] },
  { name: 'revoke', patterns: [/^revoke(?:\s+(.*))?$/i] },
  { name: 'cancel', patterns: [/^cancel(?:\s+(.*))?$/i] },
  {
    name: 'diagnose',
    patterns: [
      /^diagnose(?:\s+(.*))?$/i,
      /^why can'?t (?:i|I) (?:sign|log) ?in\??$/i,
      /\b(?:can'?t|cannot|unable to) (?:sign|log) ?in\b/i,
      /\bsign-?in (?:problem|issue|trouble)s?\b/i,
      /\blocked out\b/i,
    ],
  },
  { name: 'status', patterns: [/^status(?:\s+(.*))?$/i, /^my (?:requests?|status)$/i] },
  {
    name: 'request',
    patterns: [
      /^request(?:\s+(?:a\s+)?(?:pass|tap))?(?:\s+for\s+(.+))?$/i,
      /\b(?:lost|broke|broken|new|replaced|reset) (?:my )?(?:phone|device|laptop|key|security key|yubikey|authenticator)\b/i,
      /\btemporary access pass\b/i,
      /\bneed (?:a )?(?:tap|pass)\b/i,
    ],
  },
];

/** Longest text the bot will try to understand; longer messages get the help card. */
export const MAX_COMMAND_LENGTH = 500;

export function parseCommand(text: string): ParsedCommand | null {
  const normalised = text.replace(/\s+/g, ' ').trim();
  if (normalised === '' || normalised.length > MAX_COMMAND_LENGTH) return null;
  for (const route of ROUTES) {
    for (const pattern of route.patterns) {
      const match = pattern.exec(normalised);
      if (match) return { name: route.name, argument: (match[1] ?? '').trim() };
    }
  }
  return null;
}

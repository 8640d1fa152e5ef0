// View models for the help desk: a person's status, the pending list, audit lines, person picking.
import type { AuditEntry, UserStatus, PendingItem } from '../../app';
import type { UserFact } from '../../domain/facts';
import type { PendingView, PickUserView, UserStatusView, Fact } from '../cards/view-types';
import { explain, roleName } from '../texts';
import { clamp, formatLifetime, formatTime, personChoiceTitle, relative } from '../format';
import { statusLabel } from './request-views';
import { followUpLine } from './follow-up-views';
import type { PickVerb } from '../card-verbs';

const USABILITY: Record<string, string> = {
  EnabledByPolicy: 'Usable now',
  NotYetValid: 'Not valid yet',
  Expired: 'Expired',
  OneTimeUsed: 'Already used (one-time)',
  DisabledByPolicy: 'Blocked by the Temporary Access Pass policy',
};

export function userStatusView(status: UserStatus, now: Date): UserStatusView {
  const { user, pass } = status;
  let passSummary: string;
  let passStyle: UserStatusView['passStyle'] = 'emphasis';
  const passFacts: Fact[] = [];
  if (!pass.known) {
    passSummary = `Couldn't read the pass: ${explain(pass.problem).text}`;
    passStyle = 'warning';
  } else if (pass.value === null) {
    passSummary = 'No pass.';
  } else {
    const p = pass.value;
    const start = new Date(p.startDateTime || p.createdDateTime);
    const expires = new Date(start.getTime() + p.lifetimeInMinutes * 60_000).toISOString();
    const state = USABILITY[p.methodUsabilityReason] ?? p.methodUsabilityReason;
    passSummary = `${state}, ${p.isUsableOnce ? 'one-time' : 'multi-use'}, ${now.getTime() < new Date(expires).getTime() ? `expires ${relative(expires, now)}` : `expired ${relative(expires, now)}`}.`;
    passStyle = p.isUsable ? 'good' : 'warning';
    passFacts.push(
      { title: 'Created', value: `${formatTime(p.createdDateTime)} (${relative(p.createdDateTime, now)})` },
      { title: 'Valid from', value: formatTime(start) },
      { title: 'Expires', value: formatTime(expires) },
      { title: 'Lifetime', value: formatLifetime(p.lifetimeInMinutes) },
      { title: 'Use', value: p.isUsableOnce ? 'one-time' : 'multi-use' },
      { title: 'Usable', value: p.isUsable ? 'yes' : `no (${p.methodUsabilityReason})` },
    );
  }
  const requests = status.requests.slice(0, 8).map((r) => {
    const followUp = followUpLine(r);
    return `${r.id} · ${statusLabel(r.status)} · ${formatTime(r.createdAt)} · asked by ${r.requester.displayName}${followUp ? ` · ${followUp}` : ''}`;
  });
  return {
    title: user.displayName,
    subtitle: [user.userPrincipalName, user.jobTitle, user.accountEnabled ? null : 'account DISABLED'].filter(Boolean).join(' · '),
    passSummary,
    passStyle,
    passFacts,
    requests,
    showNoRequests: requests.length === 0,
  };
}

const NEEDS: Record<PendingItem['needs'], string> = {
  authenticationAdministrator: 'Authentication Administrator or higher',
  privilegedAuthenticationAdministrator: 'Privileged Authentication Administrator or Global Administrator',
  'none-restricted-au': 'an admin of their restricted administrative unit',
  unknown: "couldn't check",
};

/** Requests on one `pending` card: keeps the card far below Teams' size limit at its worst case. */
export const PENDING_PAGE_SIZE = 10;

/** The number of pages of a list this long (at least one, the "nothing waiting" page). */
export function pendingPages(count: number): number {
  return Math.max(1, Math.ceil(count / PENDING_PAGE_SIZE));
}

/** `items` is page `page` of `total` open requests, oldest first. */
export function pendingView(items: PendingItem[], total: number, now: Date, page = 1): PendingView {
  const pages = pendingPages(total);
  return {
    title: total ? `Waiting for approval (${total})` : 'Waiting for approval',
    showEmpty: total === 0,
    items: items.slice(0, PENDING_PAGE_SIZE).map(({ request, ageMinutes, needs }) => ({
      requestId: request.id,
      headline: `${request.id} · ${request.target.displayName}${request.requester.id !== request.target.id ? ` (asked by ${request.requester.displayName})` : ''}`,
      detail: `Waiting ${ageMinutes} min · expires ${relative(request.expiresAt, now)} · needs ${NEEDS[needs]}`,
    })),
    pageLabel: `Page ${page} of ${pages}, oldest first`,
    showPageLabel: pages > 1,
    hasNext: page < pages,
    nextPage: Math.min(page + 1, pages),
  };
}

export function pickUserView(query: string, candidates: UserFact[], verb: PickVerb, actionTitle: string): PickUserView {
  return {
    title: `Several people match "${clamp(query, 200)}".`,
    candidates: candidates.map((c) => ({ title: personChoiceTitle(c), value: c.id })),
    verb,
    actionTitle,
  };
}

/**
 * Audit details in words: people, roles and units by name; an id only where nothing names it (an
 * admin may copy it into the Entra admin center).
 */
function detailWords(details: AuditEntry['details']): string {
  const d = details;
  const shown = (v: unknown) => v !== null && v !== undefined && v !== '';
  const words: string[] = [];
  for (const [k, v] of Object.entries(d)) {
    if (!shown(v)) continue;
    switch (k) {
      case 'approver':
      case 'shownTo':
        if (!shown(d[`${k}Name`])) words.push(`${k}=${String(v)}`);
        break;
      case 'approverName':
        words.push(`approved by ${String(v)}`);
        break;
      case 'shownToName':
        words.push(`shown to ${String(v)}`);
        break;
      case 'role':
        words.push(`as ${roleName(String(v))}`);
        break;
      case 'scope':
        words.push(
          v === '/'
            ? 'tenant-wide'
            : shown(d.scopeName)
              ? `in the unit "${String(d.scopeName)}"`
              : `in the unit ${String(v).replace('/administrativeUnits/', '')}`,
        );
        break;
      case 'scopeName':
        break;
      default:
        words.push(`${k}=${String(v)}`);
    }
  }
  return words.join(', ');
}

/** Audit lines on one card, and the characters of each: keeps the card within its size budget. */
export const AUDIT_LINES_SHOWN = 25;
const AUDIT_LINE_MAX = 320;

export function auditLines(entries: AuditEntry[]): string[] {
  return entries.map((e) => {
    const who = e.actor?.displayName ?? 'TAP Desk';
    const details = detailWords(e.details);
    const line = `${formatTime(e.at)} · ${e.action} by ${who}${e.requestId ? ` · ${e.requestId}` : ''} · ${e.outcome}${details ? ` · ${details}` : ''}`;
    return line.length > AUDIT_LINE_MAX ? `${line.slice(0, AUDIT_LINE_MAX - 1)}…` : line;
  });
}

// The manager's confirmation in words: the 1:1 card that asks them, and the line the approval card shows.
import type { ManagerCheck, TapRequest } from '../../domain/request-types';
import type { Fact, NoticeView } from '../cards/view-types';
import { formatTime } from '../format';

/** The 1:1 card to the target's manager: Confirm / Not them (identity.confirm, identity.not-them). */
export function managerAskView(request: TapRequest): NoticeView {
  const by = request.requester.id === request.target.id ? 'themselves' : `by ${request.requester.displayName}`;
  return {
    title: `Is this really ${request.target.displayName} asking for a pass?`,
    body:
      `A Temporary Access Pass (it lets someone sign in as ${request.target.displayName} and set up new sign-in methods) was asked for ${by}. ` +
      'Confirm only after you spoke to them (video call or in person). If you are not sure, press "Not them": the request is held and the help desk is alerted.',
    facts: [
      { title: 'Request', value: request.id },
      { title: 'Asked', value: formatTime(request.createdAt) },
    ],
    requestId: request.id,
    canReport: false,
    canConfirm: true,
  };
}

/** What the approver reads about the manager's confirmation (nothing for requests filed before managers were asked). */
export function managerCheckLine(check: ManagerCheck | undefined): string | null {
  if (!check) return null;
  switch (check.state) {
    case 'no-manager':
      return 'no manager in the directory';
    case 'unknown':
      return `couldn't read the manager (${check.why})`;
    case 'asked':
      return `asked ${check.manager.displayName}, no answer yet`;
    case 'unreachable':
      return `${check.manager.displayName} could not be asked: they have no chat with TAP Desk yet`;
    case 'confirmed':
      return `Confirmed by ${check.manager.displayName} at ${formatTime(check.at)}`;
    case 'not-them':
      return `${check.manager.displayName} said it is NOT them (${formatTime(check.at)}): the request is held`;
  }
}

export function managerFacts(request: TapRequest): Fact[] {
  const line = managerCheckLine(request.managerCheck);
  return line ? [{ title: 'Manager', value: line }] : [];
}

// What removing one's own pass did, in words: for the person on their card and for the help desk's alert.
import type { OwnPassResult, SessionsOutcome } from '../../app';
import { explain } from '../texts';

/** The plain words for what happened to the sessions, or null when nobody asked. */
export function sessionsSentence(sessions: SessionsOutcome): string | null {
  switch (sessions) {
    case 'ended':
      return 'Their sign-in sessions were ended: they sign in again everywhere.';
    case 'not-permitted':
      return 'Their sign-in sessions were NOT ended: TAP Desk may not do that here (an administrator has not granted consent for it, or the role is missing).';
    case 'failed':
      return 'Their sign-in sessions were NOT ended: Microsoft Graph did not answer.';
    default:
      return null;
  }
}

/** What "This wasn't me" did, in words for the person and for the help desk. */
export function notMeSummary(result: OwnPassResult): { forPerson: string; forHelpDesk: string; tone: 'good' | 'warning' } {
  const pass =
    result.pass === 'removed'
      ? 'The pass has been deleted and no longer works.'
      : result.pass === 'none'
        ? 'There is no pass on the account any more.'
        : `The pass could NOT be deleted and still works: ${result.problem ? explain(result.problem).text : 'unknown reason'}`;
  const sessions = (sessionsSentence(result.sessions) ?? '').replace(/Their/g, 'Your').replace(/they sign in/g, 'you sign in');
  const helpDeskSessions = sessionsSentence(result.sessions) ?? '';
  return {
    forPerson: `${pass} ${sessions} The help desk has been alerted and will contact you.`.replace(/\s+/g, ' ').trim(),
    forHelpDesk: `${pass} ${helpDeskSessions}`.trim(),
    tone: result.pass === 'kept' || result.sessions === 'not-permitted' || result.sessions === 'failed' ? 'warning' : 'good',
  };
}

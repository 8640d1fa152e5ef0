// The one place coded problems become words: what happened, why, and what to do next.
// Codes come from the domain (domain/errors.ts) and the use cases (app/kernel/errors.ts).
import { type Problem, BUILT_IN_ROLES } from '../app';
import { evidenceNeededWords } from './views/evidence-views';

export interface Explained {
  text: string;
  nextStep: string;
}

const ROLE_NAMES = new Map(BUILT_IN_ROLES.map((r) => [r.templateId, r.displayName]));

export function roleName(templateId: string): string {
  return ROLE_NAMES.get(templateId.toLowerCase()) ?? 'an admin role';
}

function param(p: Problem, name: string, fallback = ''): string {
  const value = p.params?.[name];
  return value === undefined || value === null ? fallback : String(value);
}

const ASK_HELP_DESK = 'Contact the help desk by phone so they can verify you and help directly.';

export function explain(p: Problem): Explained {
  switch (p.code) {
    // Requests and their state
    case 'request.not-found':
      return {
        text: `There is no request ${param(p, 'id')}.`,
        nextStep: 'Check the id (e.g. TAP-0042), or say "status" to see your requests.',
      };
    case 'request.not-pending':
      return {
        text: `This request is no longer waiting for a decision (it is ${param(p, 'status', 'closed')}).`,
        nextStep: 'Say "status" to see where it stands.',
      };
    case 'request.expired':
      return {
        text: 'This request waited too long and has expired. Nothing was issued.',
        nextStep: 'Ask again with "request" if you still need a pass.',
      };
    case 'request.already-decided':
      return { text: 'Someone already decided this request.', nextStep: 'The card shows the outcome.' };
    case 'request.not-allowed-for-others':
      return {
        text: 'You can ask for a pass for yourself, and for your direct reports. Requests for other people are for the service desk.',
        nextStep: 'Ask the person to request it themselves, or contact the service desk.',
      };
    case 'request.cancel-not-allowed':
      return {
        text: 'Only the person who asked (or the person the pass is for) can cancel a request, and only while it is waiting.',
        nextStep: 'Say "status" to see the request.',
      };
    case 'request.held-not-them':
      return {
        text: `${param(p, 'manager', 'Their manager')} (their manager in the directory) said this is not them, so the request is held: nobody can approve it.`,
        nextStep: 'Deny it, and contact the person on the number in the directory; file a new request once you know it is them.',
      };
    case 'request.evidence-needed':
      return evidenceNeededWords(p.params);
    case 'manager.not-manager':
      return {
        text: "Only the person's manager in the directory can answer this, and the directory does not name you. Nothing was changed.",
        nextStep: 'If you are their manager, ask the help desk to correct the directory.',
      };
    case 'manager.unreadable':
      return {
        text: "TAP Desk couldn't read the person's manager from the directory just now, so your answer was not recorded.",
        nextStep: 'Try again in a minute; if it keeps failing, tell the help desk.',
      };
    case 'manager.not-asked':
      return {
        text: "This request does not ask for a manager's confirmation. Nothing was changed.",
        nextStep: 'Say "status" to see the request.',
      };
    case 'manager.already-answered':
      return {
        text: `You already answered for this request (${param(p, 'state', 'answered').replace('-', ' ')}). Nothing was changed.`,
        nextStep: 'If something is wrong, tell the help desk.',
      };
    case 'face-check.already-passed':
      return { text: 'The Face Check already passed for this request. Nothing was changed.', nextStep: 'The card shows the result.' };
    case 'face-check.not-asked':
      return {
        text: 'No Face Check is waiting for this answer (none was asked, or a newer one replaced it). Nothing was changed.',
        nextStep: 'Ask for a Face Check from the approval card.',
      };
    case 'face-check.already-answered':
      return {
        text: `The Face Check was already answered (${param(p, 'state', 'answered').replace('-', ' ')}). Nothing was changed.`,
        nextStep: 'Ask for a new Face Check from the approval card if you need one.',
      };
    case 'face-check.not-configured':
      return {
        text: 'Verified ID Face Check is not set up for TAP Desk.',
        nextStep:
          'Verify the person another way (call back on a number from the directory); an admin can set up Face Check (README "Configuration").',
      };
    case 'face-check.not-permitted':
      return {
        text: 'TAP Desk may not ask Verified ID for a Face Check: its app lacks the VerifiableCredential.Create.PresentRequest permission.',
        nextStep: 'Verify the person another way; an admin grants the permission with infra/grant-graph-permissions.sh.',
      };
    case 'face-check.unavailable':
      return {
        text: `Verified ID did not create the Face Check (${param(p, 'reason', 'no answer')}). Nothing was sent.`,
        nextStep: 'Try again in a minute, or verify the person another way.',
      };
    case 'reveal.not-requester':
      return {
        text: 'Only the person who asked for this pass can reveal it.',
        nextStep: 'Ask the requester to open their "Reveal my pass" card.',
      };

    // Who may approve
    case 'issuer.self-approval':
      return {
        text: 'You asked for this pass, so you cannot approve it: requests need a second person.',
        nextStep: 'Another authorised admin must decide.',
      };
    case 'issuer.is-target':
      return { text: 'This pass is for you, so you cannot approve it.', nextStep: 'Another authorised admin must decide.' };
    case 'issuer.no-role':
      return {
        text: 'Approving or revoking a pass needs an active Authentication Administrator, Privileged Authentication Administrator or Global Administrator role, and you have none.',
        nextStep: 'Leave this to an authorised admin.',
      };
    case 'issuer.role-eligible-only':
      return {
        text: `You are eligible for ${roleName(param(p, 'role'))}${param(p, 'unit') ? ` in the administrative unit "${param(p, 'unit')}"` : ''} but it is not active right now.`,
        nextStep: 'Activate the role in Privileged Identity Management, then try again.',
      };
    case 'issuer.role-too-low': {
      const needed = roleName(param(p, 'neededRole', '7be44c8a-adaf-4e2a-84d6-ab2649e08a13'));
      const why =
        param(p, 'reason') === 'role-assignable-group'
          ? `This person is a member or owner (or PIM-eligible to be one) of the role-assignable group ${param(p, 'groups', 'they belong to')}`
          : param(p, 'reason') === 'restricted-au-role'
            ? `This person holds a role scoped to the restricted-management administrative unit ${param(p, 'units', 'they are assigned to')}`
            : param(p, 'reason') === 'unreadable-au-role'
              ? `This person holds a role${param(p, 'targetRoles') ? ` (${param(p, 'targetRoles')})` : ''} scoped to an administrative unit TAP Desk couldn't read, so it counts as restricted`
              : param(p, 'reason') === 'group-eligibility-unreadable'
                ? "TAP Desk couldn't read whether this person is eligible (PIM for Groups) for a role-assignable group"
                : `This person holds an admin role${param(p, 'targetRoles') ? ` (${param(p, 'targetRoles')})` : ''}`;
      return { text: `${why}, so a ${needed} is needed.`, nextStep: `Ask a ${needed} to decide.` };
    }
    case 'issuer.disabled':
      return { text: 'Your own account is disabled in Entra.', nextStep: 'Contact your administrators.' };
    case 'issuer.facts-mismatch':
    case 'target.facts-mismatch':
      return {
        text: 'The directory answered about a different person than asked. Nothing was changed.',
        nextStep: 'Try again; if it repeats, tell the TAP Desk administrators.',
      };
    case 'request.not-expired':
    case 'handover.not-holder':
      return {
        text: 'Only the person who was shown the pass can say it has been handed over.',
        nextStep: 'It turns to "Issued" by itself a few minutes after it was shown.',
      };
    case 'request.already-handed-over':
    case 'handover.not-due':
    case 'request.already-reminded':
    case 'request.reminder-not-due':
      return { text: 'Nothing to do for this request right now.', nextStep: 'Say "status" to see where it stands.' };
    case 'request.invalid':
      return { text: `The request is missing or has an invalid ${param(p, 'field', 'field')}.`, nextStep: 'Fill in the form again.' };
    case 'request.reason-required':
      return { text: 'A reason is needed.', nextStep: 'Say in a few words why.' };
    case 'request.verification-required':
      return { text: 'Say how you verified the person before approving.', nextStep: 'Choose how you verified them, then approve.' };
    case 'pass.start-invalid':
      return { text: 'The start time is not a valid date and time.', nextStep: 'Leave it empty for "now", or pick a time ahead.' };
    case 'issuer.out-of-scope':
      return {
        text: `Your role applies only to the administrative unit ${param(p, 'units', 'you manage')}, and this person is not in it.`,
        nextStep: 'Leave this to an admin whose role covers this person.',
      };
    case 'issuer.au-scope-admin-target':
      return {
        text: 'Your role is scoped to an administrative unit, and such roles cannot manage people who hold an admin role.',
        nextStep: 'Ask a tenant-wide Privileged Authentication Administrator.',
      };
    case 'issuer.restricted-au':
      return {
        text: `This person is in a restricted-management administrative unit (${param(p, 'units', 'restricted')}). Entra lets only admins assigned to that unit manage them, and refuses apps such as TAP Desk.`,
        nextStep: 'An admin assigned to that administrative unit must issue the pass in the Entra admin center.',
      };

    // The person the pass is for
    case 'target.not-found':
      return {
        text: param(p, 'query') ? `I could not find anyone matching "${param(p, 'query')}".` : 'That account no longer exists.',
        nextStep: 'Check the spelling, or use their email address (UPN).',
      };
    case 'target.disabled':
      return {
        text: 'This account is disabled, so a pass would not let anyone sign in.',
        nextStep: 'An administrator must enable the account first; contact the help desk.',
      };
    case 'target.external-guest':
      return {
        text: 'This is an external guest who signs in with their own organisation. Entra cannot add a Temporary Access Pass to external guests.',
        nextStep: 'They should recover sign-in with their home organisation.',
      };
    case 'target.policy-disabled':
      return {
        text: 'Temporary Access Passes are turned off in this organisation.',
        nextStep: 'An Authentication Policy Administrator must enable the policy.',
      };
    case 'target.not-in-policy':
      return {
        text: 'This person is not included in the Temporary Access Pass policy, so a pass would not work for them.',
        nextStep: ASK_HELP_DESK,
      };
    case 'target.excluded-by-policy':
      return {
        text: param(p, 'group')
          ? `This person is excluded from the Temporary Access Pass policy through the group "${param(p, 'group')}".`
          : 'This person is excluded from the Temporary Access Pass policy (for example through an excluded group).',
        nextStep: ASK_HELP_DESK,
      };
    case 'follow-up.already-offered':
    case 'follow-up.not-offered':
      return { text: 'There is nothing to remove from this message.', nextStep: 'Say "status" to see your requests.' };
    case 'follow-up.already-removed':
      return { text: 'Your Temporary Access Pass was already removed.', nextStep: 'Nothing more to do.' };
    case 'follow-up.not-holder':
      return {
        text: 'Only the person the pass is for can remove it from this message.',
        nextStep: 'Ask the help desk to revoke it (say "revoke <person>").',
      };
    case 'target.risk-unreadable':
      return {
        text:
          param(p, 'reason') === 'permission'
            ? 'This organisation refuses passes to high-risk accounts, and TAP Desk may not read Identity Protection risk ' +
              `(it needs ${param(p, 'need', 'IdentityRiskyUser.Read.All')}), so no pass is issued.`
            : 'This organisation refuses passes to high-risk accounts, ' +
              "and this account's Identity Protection risk could not be read just now, so no pass is issued.",
        nextStep:
          param(p, 'reason') === 'permission'
            ? 'An administrator grants the permission (infra/README.md); then approve again.'
            : 'Open the card again in a minute and approve; if it keeps failing, check Identity Protection for this account first.',
      };
    case 'target.high-risk':
      return {
        text: 'Identity Protection rates this account at high risk. A pass is not issued until the risk is looked at.',
        nextStep: 'The security team must investigate and remediate or dismiss the risk first.',
      };

    // The pass asked for
    case 'pass.lifetime-out-of-bounds':
      return {
        text: `The lifetime must be between ${param(p, 'min')} and ${param(p, 'max')} minutes under this organisation's policy.`,
        nextStep: `Choose a lifetime from ${param(p, 'min')} to ${param(p, 'max')} minutes.`,
      };
    case 'pass.multi-use-not-allowed':
      return { text: 'The policy only allows one-time passes.', nextStep: 'Ask for a one-time pass.' };
    case 'pass.start-in-past':
      return { text: 'The start time is in the past.', nextStep: 'Leave the start empty for "now", or pick a time ahead.' };

    // Limits and faults
    case 'rate.requester':
      return {
        text: `You have asked for ${param(p, 'limit')} passes in the last hour, the most allowed.`,
        nextStep: 'Wait a while, or call the help desk if it is urgent.',
      };
    case 'rate.target':
      return {
        text: `There have been ${param(p, 'limit')} requests for this person in the last hour, the most allowed.`,
        nextStep: 'Wait a while, or call the help desk if it is urgent.',
      };
    case 'graph.permission':
      return {
        text: 'TAP Desk is missing a Microsoft Graph permission it needs for this.',
        nextStep: "An administrator should check TAP Desk's Graph permissions (the health command lists what is missing).",
      };
    case 'graph.throttled':
      return { text: 'Microsoft Graph is busy and asked us to slow down. Nothing was changed.', nextStep: 'Try again in a minute.' };
    case 'graph.unavailable':
      return {
        text: 'Microsoft Graph did not answer. Nothing was changed.',
        nextStep: 'Try again in a minute; if it persists, check the Microsoft 365 service health.',
      };
    case 'graph.refused':
      return { text: `Entra refused to create the pass (${param(p, 'code', 'no code')}). Nothing was issued.`, nextStep: ASK_HELP_DESK };
    case 'graph.delete-refused':
      return {
        text: `Entra refused to delete the pass (${param(p, 'code', 'no code')}). It is still live.`,
        nextStep: 'Ask the help desk to revoke it ("revoke" and the person).',
      };
    case 'issue.not-created':
      return {
        text: 'Microsoft Graph did not confirm the pass, and checking shows none was created. Nothing was issued.',
        nextStep: 'Approve again to retry.',
      };
    case 'issue.response-lost':
      return {
        text: "Microsoft Graph created the pass but its answer was lost, so nobody could see it. TAP Desk deleted that pass so it can't be misused.",
        nextStep: 'Approve again to issue a new one.',
      };
    case 'issue.store-failed':
      return {
        text: 'The pass was created but could not be recorded, so TAP Desk deleted it again. Nothing usable was issued.',
        nextStep: 'Try again in a minute.',
      };
    case 'store.unavailable':
      return {
        text: 'TAP Desk cannot reach its storage right now. Nothing was changed.',
        nextStep: 'Try again in a minute; if it persists, tell the TAP Desk administrators.',
      };
    case 'access.help-desk-only':
      return {
        text: 'Only the service desk and authorised admins can look at other people.',
        nextStep: 'Ask about yourself, or contact the service desk.',
      };
    case 'entra.refused':
      return {
        text: `Entra did not let you create this pass, although TAP Desk's own check allowed it: "${param(p, 'reason', 'no reason given')}" (${param(p, 'code', 'no code')}). Nothing was issued; the request is still waiting.`,
        nextStep: 'Check that your admin role is active (PIM) and covers this person, or leave it to another approver.',
      };
    case 'sso.consent-required':
      return {
        text: 'TAP Desk may not yet act on your behalf: an administrator has not granted consent for it in Entra. Nothing was issued; the request is still waiting.',
        nextStep:
          'Ask an administrator to grant admin consent in Entra > Enterprise applications > TAP Desk > Permissions, then approve again.',
      };
    case 'sso.interaction-required':
      return {
        text: 'Entra wants you to sign in again (for example with multifactor authentication) before TAP Desk can act on your behalf. Nothing was issued; the request is still waiting.',
        nextStep: 'Sign in to Teams again (sign out and back in, completing MFA), then approve again.',
      };
    case 'sso.token-refused':
      return {
        text: 'Your sign-in could not be checked, so TAP Desk did not act on it. Nothing was issued; the request is still waiting.',
        nextStep: 'Click Approve again in this conversation; if it keeps failing, tell the TAP Desk administrators.',
      };
    case 'sso.signin-again':
      return {
        text: 'Your sign-in to TAP Desk ran out while the pass was being created. Nothing was issued; the request is still waiting.',
        nextStep: 'Click Approve again.',
      };
    case 'sso.too-many-prompts':
      return {
        text: 'You have been asked to sign in many times in the last few minutes, so TAP Desk stopped asking for now. Nothing was changed.',
        nextStep: 'Wait ten minutes, then click again; if sign-in keeps failing, tell the TAP Desk administrators.',
      };
    case 'sso.code-refused':
      return {
        text: `Your sign-in did not complete (${param(p, 'reason', 'no reason given')}). Nothing was changed.`,
        nextStep: 'Click the button again and finish the sign-in page it opens.',
      };
    default: {
      // Every code has words: a new code without them fails to compile here.
      const unworded: never = p;
      return { text: `Refused (${(unworded as Problem).code}).`, nextStep: ASK_HELP_DESK };
    }
  }
}

// The clicker's side of any click that acts with their own Entra rights (teams/sso.ts explains the round): a
// usable delegated token for them on this instance, or the Universal Actions sign-in. Callers ask only after the
// live review found the clicker entitled to this action on this subject: nobody else is ever prompted (a sign-in
// link asked for beside that review is dropped unseen).
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { Problem, SignInPrompts, SignInStep, UseCases, Actor } from '../../app';
import type { Logger } from '../../logger';
import { authenticationOf, magicCodeOf, preconditionFailed, type TeamsSso } from '../sso';
import { problemLines } from '../views/request-views';

/** What the Teams side needs for delegated actions: the SSO round and the per-person prompt limit. */
export interface DelegatedSignIn {
  sso: TeamsSso;
  prompts: SignInPrompts;
}

export type SignInResult =
  | { kind: 'ready' }
  /** Answer the invoke with this (the loginRequest, or 412 so that Teams offers the sign-in button). */
  | { kind: 'answer'; response: AdaptiveCardInvokeResponse }
  /** Tell the clicker why (a refused sign-in code, too many prompts, Graph down); nothing changed. */
  | { kind: 'problem'; problem: Problem };

export interface SignInAsk {
  /** What the sign-in is for, e.g. `approval.approve:<request id>` (binds the challenge). */
  subject: string;
  /** The loginRequest's text, saying why the person signs in. */
  text: string;
  /**
   * The live authorisation, run only when the person would be asked to sign in (no token held, none sent): an
   * answer here (the refusal, or "your pass is under way") replaces the prompt. With a token held the action's
   * own live check decides, so a held token costs no second review.
   */
  authorise?: (startSignInLink: () => void) => Promise<AdaptiveCardInvokeResponse | null>;
}

/**
 * With an SSO token sent and none held, an ask with `exchangeBeside` gets the on-behalf-of exchange still under way
 * (the token passed its checks): the action runs its own reads beside it and awaits `step` before it writes;
 * `answerFor(step)` is then the answer. Approve does this; other actions wait for the exchange here.
 */
export type Exchanging = { kind: 'exchanging'; step: Promise<SignInStep> };

/**
 * What the clicker is answered for a finished exchange: ready, or Entra's refusal (expired, consent missing, MFA
 * demanded) as 412, so that Teams falls back to the sign-in page where the person can consent or complete MFA; the
 * message keeps our guidance. Graph or Entra being down is not a sign-in matter and is shown as it is.
 */
export function answerFor(step: SignInStep): SignInResult {
  if (step.kind === 'ready' || step.problem.code === 'graph.unavailable') return step;
  return { kind: 'answer', response: preconditionFailed(problemLines([step.problem]).join(' ')) };
}

export function signedInClicker(
  signIn: DelegatedSignIn,
  useCases: UseCases,
  logger: Logger,
  context: TurnContext,
  actor: Actor,
  ask: SignInAsk & { exchangeBeside: true },
): Promise<SignInResult | Exchanging>;
export function signedInClicker(
  signIn: DelegatedSignIn,
  useCases: UseCases,
  logger: Logger,
  context: TurnContext,
  actor: Actor,
  ask: SignInAsk,
): Promise<SignInResult>;
export async function signedInClicker(
  signIn: DelegatedSignIn,
  useCases: UseCases,
  logger: Logger,
  context: TurnContext,
  actor: Actor,
  ask: SignInAsk & { exchangeBeside?: boolean },
): Promise<SignInResult | Exchanging> {
  const code = magicCodeOf(context);
  if (code) {
    const redeemed = await signIn.sso.redeemMagicCode(context, actor, code);
    if (!redeemed.ok) return { kind: 'problem', problem: { code: 'sso.code-refused', params: { reason: redeemed.reason } } };
    return useCases.adoptDelegatedToken(actor, redeemed.token);
  }
  const auth = authenticationOf(context);
  if (auth) {
    // A token that came with the action is checked even when one is held: a bad one is never ignored.
    const checked = await signIn.sso.accept(context, actor, ask.subject, auth);
    if (!checked.ok) {
      logger.warn({ userId: actor.id, reason: checked.reason }, 'SSO token refused');
      return {
        kind: 'answer',
        response: preconditionFailed(`Your Teams sign-in could not be used (${checked.reason}). Sign in with the button to continue.`),
      };
    }
    // A held token makes the action ready at once: the exchange then only replaces it, so it is awaited first.
    if (ask.exchangeBeside && !useCases.approverSignedIn(actor))
      return { kind: 'exchanging', step: useCases.signInApprover(actor, auth.token) };
    return answerFor(await useCases.signInApprover(actor, auth.token));
  }
  if (useCases.approverSignedIn(actor)) return { kind: 'ready' };
  // The sign-in link may be asked for while the live review runs (authorise says when: once the request could take
  // the click); it is used only if the person is then prompted, and otherwise dropped unseen.
  let link: ReturnType<TeamsSso['signInResource']> | undefined;
  const startSignInLink = () => {
    link ??= signIn.sso.signInResource(context);
    link.catch(() => undefined); // a link never used must not become an unhandled rejection
  };
  const refused = ask.authorise ? await ask.authorise(startSignInLink) : null;
  if (refused) return { kind: 'answer', response: refused };
  if (!(await signIn.prompts.allow(actor.id))) return { kind: 'problem', problem: { code: 'sso.too-many-prompts' } };
  return { kind: 'answer', response: await signIn.sso.loginRequest(context, actor, ask.subject, ask.text, link) };
}

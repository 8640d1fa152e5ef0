// Plays the Teams channel: sends Bot Framework activities for a persona to the bot's /api/messages,
// as Teams would (channel msteams, our tenant, aadObjectId of the person).
import { randomUUID } from 'node:crypto';
import { unescapeMarkdown } from '../../src/teams/markdown';

export interface Persona {
  id: string;
  upn: string;
  name: string;
}

export type Where = 'personal' | 'channel';

export const APPROVALS_CHANNEL = '19:approvals@thread.tacv2';

export interface BotAnswer {
  status: number;
  body: unknown;
}

/** The 401 answer that asks Teams to sign the clicker in (SSO for Adaptive Card Universal Actions). */
export interface LoginRequest {
  text: string;
  connectionName: string;
  tokenExchangeResource: { id: string; uri: string };
  buttons: Array<{ type: string; title: string; value: string }>;
}

/** The 412 preconditionFailed answer (Teams then offers the loginRequest's sign-in button), or null. */
export function preconditionFailedOf(answer: BotAnswer): { code: string; message: string } | null {
  const body = answer.body as { statusCode?: number; type?: string; value?: { code: string; message: string } } | null;
  return answer.status === 412 &&
    body?.statusCode === 412 &&
    body.type === 'application/vnd.microsoft.error.preconditionFailed' &&
    body.value
    ? body.value
    : null;
}

export function loginRequestOf(answer: BotAnswer): LoginRequest | null {
  const body = answer.body as { statusCode?: number; type?: string; value?: LoginRequest } | null;
  return (answer.status === 401 || answer.status === 200) &&
    body?.statusCode === 401 &&
    body.type === 'application/vnd.microsoft.activity.loginRequest' &&
    body.value
    ? body.value
    : null;
}

/** Where Teams gets a clicker's SSO token (the emulator's /_emulator/user-token in tests). */
export type SsoTokenSource = (persona: Persona, resource: string) => Promise<string>;

export class TeamsClient {
  /** Set to answer loginRequests as Teams does; null = a client without SSO (e.g. the Agents Playground). */
  ssoTokens: SsoTokenSource | null = null;

  constructor(
    private readonly botUrl: string,
    private readonly serviceUrl: string,
    private readonly tenantId: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  conversation(persona: Persona, where: Where) {
    return where === 'personal'
      ? { id: `a:personal-${persona.id}`, tenantId: this.tenantId, conversationType: 'personal' }
      : { id: `${APPROVALS_CHANNEL};messageid=1`, tenantId: this.tenantId, conversationType: 'channel', isGroup: true };
  }

  activity(persona: Persona, where: Where, extra: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: `29:${persona.id}`, aadObjectId: persona.id, name: persona.name },
      recipient: { id: '28:tapdesk', name: 'TAP Desk' },
      conversation: this.conversation(persona, where),
      channelData: { tenant: { id: this.tenantId } },
      locale: 'en-US',
      ...extra,
    };
  }

  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<BotAnswer> {
    const response = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.headers, ...headers },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body };
  }

  say(persona: Persona, text: string, where: Where = 'personal'): Promise<BotAnswer> {
    return this.post(this.activity(persona, where, { type: 'message', text }));
  }

  /** An Action.Execute click; `inputs` are the card's input values, merged into data as Teams does. */
  click(
    persona: Persona,
    verb: string,
    data: Record<string, unknown>,
    options: { where?: Where; replyToId?: string; trigger?: 'manual' | 'automatic' } = {},
  ): Promise<BotAnswer> {
    return this.post(
      this.activity(persona, options.where ?? 'personal', {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: options.replyToId ?? `card-${randomUUID()}`,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: options.trigger ?? 'manual' },
      }),
    );
  }

  /** The fileConsent/invoke Teams sends when the person acts on a FileConsentCard the bot posted. */
  fileConsent(persona: Persona, consentActivityId: string, answer: FileConsentAnswer): Promise<BotAnswer> {
    return this.post(
      this.activity(persona, 'personal', {
        type: 'invoke',
        name: 'fileConsent/invoke',
        replyToId: consentActivityId,
        value: { type: 'fileUpload', ...answer },
      }),
    );
  }
}

/** Teams' answer to a FileConsentCard: the person pressed Allow (with an upload URL) or Decline. */
export interface FileConsentAnswer {
  action: 'accept' | 'decline';
  context: unknown;
  uploadInfo?: { uploadUrl: string; contentUrl: string; name: string; uniqueId: string; fileType: string };
}

export interface SignedClick {
  /** The answer to the first click (a loginRequest when the bot held no token for the clicker). */
  first: BotAnswer;
  /** The answer to the re-sent action with the token, or the first answer when none was asked for. */
  final: BotAnswer;
  signedIn: boolean;
}

export interface SsoClickOptions {
  where?: Where;
  replyToId?: string;
  /** Replace the token Teams would attach (a test of a bad one). */
  token?: string;
  /** Replace the challenge id Teams would echo. */
  challengeId?: string;
  /** Re-send in another conversation than the one the loginRequest answered (a replay). */
  resendWhere?: Where;
}

/**
 * Teams' side of SSO for Universal Actions: click; on a 401 loginRequest, obtain the clicker's token for
 * the named resource and send the same action again with value.authentication {id, connectionName, token}.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/Universal-actions-for-adaptive-cards/sso-adaptive-cards-universal-action
 */
export async function clickSigned(
  client: TeamsClient,
  persona: Persona,
  verb: string,
  data: Record<string, unknown>,
  options: SsoClickOptions = {},
): Promise<SignedClick> {
  const replyToId = options.replyToId ?? `card-${randomUUID()}`;
  const first = await client.click(persona, verb, data, { where: options.where, replyToId });
  const login = loginRequestOf(first);
  if (!login) return { first, final: first, signedIn: false };
  if (!client.ssoTokens && options.token === undefined) throw new Error('the bot asked for a sign-in, and this client has no SSO');
  const token = options.token ?? (await client.ssoTokens!(persona, login.tokenExchangeResource.uri));
  const authentication = { id: options.challengeId ?? login.tokenExchangeResource.id, connectionName: login.connectionName, token };
  const final = await client.post(
    client.activity(persona, options.resendWhere ?? options.where ?? 'personal', {
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual', authentication },
    }),
  );
  return { first, final, signedIn: true };
}

/** The Adaptive Card in an invoke response, or throws with what came back instead. */
export function cardOf(answer: BotAnswer): Record<string, unknown> {
  const body = answer.body as { statusCode?: number; type?: string; value?: Record<string, unknown> } | null;
  if (answer.status !== 200 || body?.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) {
    throw new Error(`expected a card, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return body.value;
}

/** All visible text of a card, for assertions on what a person reads (markdown escapes read as Teams shows them). */
export function textOf(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'value', 'label']) if (typeof o[key] === 'string') parts.push(unescapeMarkdown(o[key] as string));
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return parts.join('\n');
}

/** Titles of the Action.Execute buttons of a card, with their verbs. */
export function actionsOf(card: unknown): Array<{ title: string; verb: string }> {
  const found: Array<{ title: string; verb: string }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute') found.push({ title: String(o.title), verb: String(o.verb) });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

export interface SignInPageClick extends SignedClick {
  /** The answer to the silent-SSO re-send, when Teams tried one before the sign-in page. */
  silent: BotAnswer | null;
  magicCode: string | null;
}

/**
 * Teams' fallback: click; on a 401 loginRequest, optionally try silent SSO first (as Teams does); when there is no
 * token or the bot answers 412, the person opens the loginRequest's sign-in button (`signInPage` plays them
 * finishing it and returns the magic code), and Teams sends the same action again with value.state = that code.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/authentication-flow-in-universal-action-for-adaptive-cards
 */
export async function clickWithSignInPage(
  client: TeamsClient,
  persona: Persona,
  verb: string,
  data: Record<string, unknown>,
  signInPage: (signInUrl: string) => Promise<string | null>,
  options: { where?: Where; trySilent?: boolean } = {},
): Promise<SignInPageClick> {
  const replyToId = `card-${randomUUID()}`;
  const first = await client.click(persona, verb, data, { where: options.where, replyToId });
  const login = loginRequestOf(first);
  if (!login) return { first, final: first, signedIn: false, silent: null, magicCode: null };
  let silent: BotAnswer | null = null;
  if (options.trySilent && client.ssoTokens) {
    const token = await client.ssoTokens(persona, login.tokenExchangeResource.uri);
    const authentication = { id: login.tokenExchangeResource.id, connectionName: login.connectionName, token };
    silent = await client.post(
      client.activity(persona, options.where ?? 'personal', {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual', authentication },
      }),
    );
    if (!preconditionFailedOf(silent)) return { first, final: silent, signedIn: true, silent, magicCode: null };
  }
  const signIn = login.buttons.find((b) => b.type === 'signin');
  if (!signIn) throw new Error('the loginRequest has no signin button');
  const magicCode = await signInPage(signIn.value);
  if (!magicCode) return { first, final: silent ?? first, signedIn: false, silent, magicCode: null };
  const final = await client.post(
    client.activity(persona, options.where ?? 'personal', {
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual', state: magicCode },
    }),
  );
  return { first, final, signedIn: true, silent, magicCode };
}

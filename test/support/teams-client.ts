// Plays the Teams channel: sends Bot Framework activities for a persona to the bot's /api/messages,
// as Teams would (channel msteams, our tenant, aadObjectId of the person).
import { randomUUID } from 'node:crypto';

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

export class TeamsClient {
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
  click(persona: Persona, verb: string, data: Record<string, unknown>, options: { where?: Where; replyToId?: string } = {}): Promise<BotAnswer> {
    return this.post(
      this.activity(persona, options.where ?? 'personal', {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: options.replyToId ?? `card-${randomUUID()}`,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    );
  }
}

/** The Adaptive Card in an invoke response, or throws with what came back instead. */
export function cardOf(answer: BotAnswer): Record<string, unknown> {
  const body = answer.body as { statusCode?: number; type?: string; value?: Record<string, unknown> } | null;
  if (answer.status !== 200 || body?.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) {
    throw new Error(`expected a card, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return body.value;
}

/** All visible text of a card, for assertions on what a person reads. */
export function textOf(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'value', 'label']) if (typeof o[key] === 'string') parts.push(o[key] as string);
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

// Steps of the request journey as a person takes them, shared by the flow tests.
import assert from 'node:assert/strict';
import type { Stack } from '../../support/stack';
import { type BotAnswer, cardOf, type Persona, type TeamsClient, textOf } from '../../support/teams-client';

export interface FormInput {
  target?: string;
  reason?: string;
  reasonText?: string;
  lifetime?: string;
  oneTime?: string;
  startDate?: string;
  startTime?: string;
  targetId?: string;
}

/** Submits the request form; answers the card that replaced it. */
export async function submitRequest(client: TeamsClient, who: Persona, input: FormInput = {}): Promise<Record<string, unknown>> {
  const answer = await client.click(who, 'request.submit', { reason: 'lost-device', lifetime: '60', oneTime: 'true', ...input });
  return cardOf(answer);
}

/** Files a request and answers its id (asserting it was filed). */
export async function fileRequest(client: TeamsClient, who: Persona, input: FormInput = {}): Promise<string> {
  const card = await submitRequest(client, who, input);
  const text = textOf(card);
  const match = /(TAP-\d{4,})/.exec(text);
  assert.ok(match, `expected a filed request, got:\n${text}`);
  return match[1] as string;
}

export function approve(client: TeamsClient, approver: Persona, requestId: string, verification = 'call-back'): Promise<BotAnswer> {
  return client.click(approver, 'approval.approve', { requestId, verification }, { where: 'channel' });
}

export function review(client: TeamsClient, approver: Persona, requestId: string): Promise<BotAnswer> {
  return client.click(approver, 'approval.refresh', { requestId }, { where: 'channel' });
}

/** The pass value in a pass-reveal card (the only place it may ever appear). */
export function passIn(card: Record<string, unknown>): string | null {
  let found: string | null = null;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.fontType === 'Monospace' && o.size === 'ExtraLarge' && typeof o.text === 'string') found = o.text;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

export function tapCreates(stack: Stack): number {
  return stack.emulator.stats().tapCreates;
}

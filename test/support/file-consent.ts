// Plays Teams' file consent for `export audit`: waits for the FileConsentCard, answers it as the person
// (Allow with an upload URL the harness connector serves, or Decline) and returns what arrived.
import assert from 'node:assert/strict';
import type { Connector, Sent } from './connector';
import type { Persona, TeamsClient } from './teams-client';

export const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

interface ConsentCard {
  contentType: string;
  name: string;
  content: { description: string; sizeInBytes: number; acceptContext: unknown; declineContext: unknown };
}

export function attachmentOf(sent: Sent, contentType: string): Record<string, unknown> | null {
  const found = (sent.activity.attachments as Array<Record<string, unknown>> | undefined)?.find((a) => a.contentType === contentType);
  return found ?? null;
}

/** The consent card the bot posted after `since` (an index into connector.sent). */
export async function consentCardAfter(connector: Connector, since: number): Promise<{ sent: Sent; card: ConsentCard }> {
  const sent = await connector.waitFor((s) => connector.sent.indexOf(s) >= since && attachmentOf(s, FILE_CONSENT) !== null, 10_000);
  return { sent, card: attachmentOf(sent, FILE_CONSENT) as unknown as ConsentCard };
}

/** `export audit` in Megan's personal chat, accepted (on `acceptWith`, another instance if given): the CSV uploaded. */
export async function exportAuditCsv(
  client: TeamsClient,
  connector: Connector,
  persona: Persona,
  argument = '',
  acceptWith: TeamsClient = client,
): Promise<string> {
  const since = connector.sent.length;
  await client.say(persona, `export audit${argument ? ` ${argument}` : ''}`);
  const { sent, card } = await consentCardAfter(connector, since);
  const upload = connector.consentUpload(card.name);
  const answer = await acceptWith.fileConsent(persona, sent.activityId, {
    action: 'accept',
    context: card.content.acceptContext,
    uploadInfo: upload,
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const slot = connector.uploads.get(upload.uniqueId);
  assert.ok(slot?.done, 'the bot uploaded the file to the consented URL');
  const info = await connector.waitFor(
    (s) => attachmentOf(s, FILE_INFO) !== null && connector.sent.indexOf(s) > connector.sent.indexOf(sent),
    10_000,
  );
  assert.equal(attachmentOf(info, FILE_INFO)?.contentUrl, upload.contentUrl, 'the file card points at the uploaded file');
  assert.equal(slot.body.length, card.content.sizeInBytes, 'the consent card told the file size');
  return slot.body.toString('utf8');
}

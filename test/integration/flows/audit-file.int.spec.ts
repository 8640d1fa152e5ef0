// Issue 24: `export audit` sends the CSV the way Teams bots send files, in the personal chat: a
// FileConsentCard, then on accept one PUT to the consented upload URL (played by the harness connector)
// and a FileInfoCard. The CSV is made again at accept time, so the accept may land on the other instance.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { textOf } from '../../support/teams-client';
import { FILE_CONSENT, FILE_INFO, attachmentOf, consentCardAfter, exportAuditCsv } from '../../support/file-consent';
import { fileRequest } from './journey';

describe('audit export as a file (FileConsentCard)', function () {
  this.timeout(60_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ childBots: 1 });
  });
  after(async () => {
    await stack?.close();
  });

  it('offers the file with a consent card; accepting it on the other instance uploads the CSV and shows the file card', async () => {
    const { client, people, connector } = stack;
    const requestId = await fileRequest(client, people.alexw!);
    const since = connector.sent.length;
    const csv = await exportAuditCsv(client, connector, people.meganb!, '', stack.children[0]!.client);
    assert.match(csv, /^at,action,actorId,actorName,targetUserId,requestId,outcome,evidence,details\r\n/);
    assert.match(csv, new RegExp(`request\\.filed,.*${requestId}`));
    const consent = connector.sent.slice(since).find((s) => attachmentOf(s, FILE_CONSENT));
    const card = attachmentOf(consent!, FILE_CONSENT) as {
      name: string;
      content: { description: string; acceptContext: Record<string, unknown> };
    };
    assert.match(card.name, /^tap-desk-audit-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.equal(consent!.conversationId, `a:personal-${people.meganb!.id}`, 'offered in her personal chat');
    assert.deepEqual(Object.keys(card.content.acceptContext).sort(), ['from', 'kind', 'to'], 'the card carries the range, never the data');
    // The export is audited when the file was delivered.
    const again = await exportAuditCsv(client, connector, people.meganb!);
    assert.match(again, /audit\.exported,/);
  });

  it('a Teams display name starting with a full-width ＝ or ＋ comes out of the exported file as text, not a formula', async () => {
    const { client, people, connector } = stack;
    const megan = people.meganb!;
    // The audit.exported row names the exporter as Teams sends her name, so a renamed account puts that name in the next file.
    await exportAuditCsv(client, connector, { ...megan, name: '＝HYPERLINK("https://evil.example","open")' });
    const afterEquals = await exportAuditCsv(client, connector, { ...megan, name: '＋1 555 0100' });
    assert.ok(
      afterEquals.includes(`,audit.exported,${megan.id},"'＝HYPERLINK(""https://evil.example"",""open"")",`),
      `the full-width = lead is quoted as text in:\n${afterEquals}`,
    );
    const afterPlus = await exportAuditCsv(client, connector, megan);
    assert.ok(
      afterPlus.includes(`,audit.exported,${megan.id},'＋1 555 0100,`),
      `the full-width + lead is quoted as text in:\n${afterPlus}`,
    );
  });

  it('declining says so and uploads nothing', async () => {
    const { client, people, connector } = stack;
    const since = connector.sent.length;
    await client.say(people.meganb!, 'export audit');
    const { sent, card } = await consentCardAfter(connector, since);
    const uploadsBefore = connector.uploads.size;
    const answer = await client.fileConsent(people.meganb!, sent.activityId, { action: 'decline', context: card.content.declineContext });
    assert.equal(answer.status, 200);
    const said = await connector.waitFor(
      (s) => connector.sent.indexOf(s) > connector.sent.indexOf(sent) && /No file was sent/.test(String(s.activity.text)),
    );
    assert.ok(said);
    assert.equal(connector.uploads.size, uploadsBefore);
    assert.ok(!connector.sent.slice(since).some((s) => attachmentOf(s, FILE_INFO)), 'no file card');
  });

  it('in a channel it says to use the personal chat, and offers no file', async () => {
    const { client, people, connector } = stack;
    const since = connector.sent.length;
    await client.say(people.meganb!, 'export audit', 'channel');
    const said = await connector.waitFor(
      (s) => connector.sent.indexOf(s) >= since && /personal chat/.test(textOf(s.activity.attachments ?? [])),
    );
    assert.ok(said);
    assert.ok(!connector.sent.slice(since).some((s) => attachmentOf(s, FILE_CONSENT)));
  });

  it('an accept from someone outside the help desk, or with a forged range, uploads nothing', async () => {
    const { client, people, connector } = stack;
    const since = connector.sent.length;
    await client.say(people.meganb!, 'export audit');
    const { sent, card } = await consentCardAfter(connector, since);
    const upload = connector.consentUpload(card.name);
    // Alex is not the help desk: the use case checks the clicker again at accept time.
    await client.fileConsent(people.alexw!, sent.activityId, { action: 'accept', context: card.content.acceptContext, uploadInfo: upload });
    const forged = connector.consentUpload(card.name);
    const forgedRange = { kind: 'audit-export', from: '2020-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' };
    await client.fileConsent(people.meganb!, sent.activityId, { action: 'accept', context: forgedRange, uploadInfo: forged });
    await connector.waitFor(
      (s) => connector.sent.indexOf(s) > connector.sent.indexOf(sent) && /not valid any more/.test(textOf(s.activity.attachments ?? [])),
    );
    assert.equal(connector.uploads.get(upload.uniqueId)?.done, false);
    assert.equal(connector.uploads.get(forged.uniqueId)?.done, false);
  });
});

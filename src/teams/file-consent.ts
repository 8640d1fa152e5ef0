// Files the way Teams bots send them in a personal chat: a FileConsentCard asks the person; on accept
// Teams sends a fileConsent/invoke with an upload URL in their OneDrive, the bot PUTs the whole file
// there in one request (Content-Range bytes 0-(n-1)/n) and then posts a FileInfoCard pointing at it.
// Only in personal chats, and only with `supportsFiles: true` in the manifest.
// https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/bots-filesv4
import type { Attachment, FileConsentCardResponse } from 'botbuilder';

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

/** What comes back in the accept/decline context: which file, never its content. */
export interface AuditFileContext {
  kind: 'audit-export';
  from: string;
  to: string;
}

export function auditFileContext(value: unknown): AuditFileContext | null {
  const v = value as Partial<AuditFileContext> | null;
  return v && v.kind === 'audit-export' && typeof v.from === 'string' && typeof v.to === 'string'
    ? { kind: v.kind, from: v.from, to: v.to }
    : null;
}

export function fileConsentCard(name: string, description: string, sizeInBytes: number, context: AuditFileContext): Attachment {
  return { contentType: FILE_CONSENT_CARD, name, content: { description, sizeInBytes, acceptContext: context, declineContext: context } };
}

export type UploadInfo = NonNullable<FileConsentCardResponse['uploadInfo']>;

/** The one PUT of the whole file to the consented upload URL; throws with the status when refused. */
export async function uploadConsentedFile(upload: UploadInfo, body: Buffer, signal?: AbortSignal): Promise<void> {
  if (!upload.uploadUrl) throw new Error('the file consent carried no upload URL');
  const response = await fetch(upload.uploadUrl, {
    method: 'PUT',
    headers: { 'content-length': String(body.length), 'content-range': `bytes 0-${body.length - 1}/${body.length}` },
    body,
    signal: signal ?? AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`the upload was refused (HTTP ${response.status})`);
}

export function fileInfoCard(upload: UploadInfo): Attachment {
  return {
    contentType: FILE_INFO_CARD,
    name: upload.name,
    contentUrl: upload.contentUrl,
    content: { uniqueId: upload.uniqueId, fileType: upload.fileType },
  };
}

// The minimum an activity must carry before botbuilder sees it. A malformed activity is a 400 with a
// short reason; botbuilder's own parser would throw deep inside the turn.
export type ShapeResult = { ok: true; activity: Record<string, unknown> } | { ok: false; error: string };

const MAX_TEXT = 4000;
const MAX_ID = 512;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shortString(value: unknown, max = MAX_ID): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

export function validateActivity(body: unknown): ShapeResult {
  if (!isObject(body)) return { ok: false, error: 'Body must be a JSON activity object' };
  if (!shortString(body.type, 64)) return { ok: false, error: 'Activity type is missing' };
  if (!shortString(body.channelId, 64)) return { ok: false, error: 'channelId is missing' };
  if (!shortString(body.serviceUrl, 2048)) return { ok: false, error: 'serviceUrl is missing' };
  try {
    const url = new URL(body.serviceUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    return { ok: false, error: 'serviceUrl is not a URL' };
  }
  if (!isObject(body.conversation) || !shortString(body.conversation.id)) return { ok: false, error: 'conversation.id is missing' };
  if (!isObject(body.from) || !shortString(body.from.id)) return { ok: false, error: 'from.id is missing' };
  if (!isObject(body.recipient) || !shortString(body.recipient.id)) return { ok: false, error: 'recipient.id is missing' };
  if (body.text !== undefined && (typeof body.text !== 'string' || body.text.length > MAX_TEXT)) {
    return { ok: false, error: `text must be a string of at most ${MAX_TEXT} characters` };
  }
  // People act only through their Entra identity: a message or card action without one is refused.
  if ((body.type === 'message' || body.type === 'invoke') && !shortString(body.from.aadObjectId, 64)) {
    return { ok: false, error: 'from.aadObjectId is missing' };
  }
  if (body.type === 'invoke' && !shortString(body.name, 128)) return { ok: false, error: 'invoke name is missing' };
  return { ok: true, activity: body };
}

// POST /api/verifiedid/callback: Verified ID's Request Service posting a Face Check's progress. Not behind the Bot
// Framework authentication (the service holds no Bot Framework token): the per-request `api-key` header authenticates
// it, checked against the request's row before a byte of the body is read. Its own body limit (a presentation's claims
// may carry the credential's photo), application/json only. 401 for a wrong or missing key, whatever was wrong; 400 for a
// body that is not JSON or not shaped like the service's; 200 once accepted (even when too late to change anything).
import type { Request, Response, Server } from 'restify';
import type { CallbackAnswer, PresentationCallback } from '../app';
import type { Logger } from '../logger';
import { readCallback } from '../verified-id/callback-body';
import { readJsonBody } from './json-body';

export const VERIFIED_ID_CALLBACK_PATH = '/api/verifiedid/callback';
/** A VerifiedEmployee photo is at most 2 MB (base64url in the claims): room for it and the rest. */
export const CALLBACK_MAX_BYTES = 4 * 1024 * 1024;

export interface CallbackReceiver {
  allowed(requestId: string | null, apiKey: string | null): Promise<boolean>;
  receive(input: { requestId: string | null; apiKey: string | null; callback: PresentationCallback | null }): Promise<CallbackAnswer>;
}

function header(value: string | string[] | undefined): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : null;
}

export function registerVerifiedIdCallback(
  server: Server,
  receiver: CallbackReceiver,
  logger: Logger,
  inFlight: { enter(): void; leave(): void; draining(): boolean },
): void {
  server.post(VERIFIED_ID_CALLBACK_PATH, async (req, res) => {
    // Shutting down: a 503 lets another instance take it (if the service retries; not documented).
    if (inFlight.draining()) {
      res.send(503, { error: 'Shutting down' });
      return;
    }
    inFlight.enter();
    try {
      await handle(req, res);
    } finally {
      inFlight.leave();
    }
  });

  async function handle(req: Request, res: Response): Promise<void> {
    const requestId = new URL(req.url ?? '/', 'http://callback').searchParams.get('request');
    const apiKey = header(req.headers['api-key']);
    try {
      if (!(await receiver.allowed(requestId, apiKey))) {
        logger.warn({ requestId: requestId?.slice(0, 20) }, 'Verified ID callback refused: wrong or missing api-key');
        res.send(401, { error: 'Unauthorized' });
        return;
      }
      const body = await readJsonBody(req, CALLBACK_MAX_BYTES);
      if (!body.ok) {
        res.send(body.status, { error: body.error });
        return;
      }
      const status = await receiver.receive({ requestId, apiKey, callback: readCallback(body.value) });
      res.send(status, status === 200 ? { status: 'ok' } : { error: status === 400 ? 'Not a Verified ID callback' : 'Unauthorized' });
    } catch (error) {
      logger.error({ err: error, requestId }, 'Verified ID callback failed');
      res.send(503, { error: 'Try again' });
    }
  }
}

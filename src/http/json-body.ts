// Reads the body of POST /api/messages. It runs before authentication, so it accepts JSON and
// nothing else, and never touches the disk: restify's bodyParser would hand multipart/form-data to
// formidable, which writes every upload part to the temporary folder before any check. The media
// type is checked before a byte is read (415); the body is read into memory up to the size limit
// (413: a chunked request has no content-length for server.ts's early check) and parsed (400).
import type { IncomingMessage } from 'node:http';

export type JsonBody = { ok: true; value: unknown; bytes: number } | { ok: false; status: 400 | 413 | 415; error: string };

/** `application/json`, optionally with `charset=utf-8` (RFC 8259 §8.1: JSON exchanged between systems is UTF-8). */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((parameter) => parameter === '' || /^charset="?utf-8"?$/.test(parameter));
}

export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  if (!isJsonContentType(req.headers['content-type'])) {
    // Not read here: once the answer is sent, node's HTTP server reads the rest and discards it.
    return { ok: false, status: 415, error: 'Unsupported media type: send application/json' };
  }
  const body = await collect(req, maxBytes);
  if (!body) return { ok: false, status: 413, error: 'Request body too large' };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')), bytes: body.length };
  } catch {
    return { ok: false, status: 400, error: 'Invalid JSON' };
  }
}

/** The body, or null once it passes `maxBytes` (reading stops there; the rest is never buffered). */
function collect(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const done = (result: Buffer | null) => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        req.pause();
        done(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks, bytes));
    const onError = (error: Error) => {
      req.off('data', onData).off('end', onEnd);
      reject(error);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

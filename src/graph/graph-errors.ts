// Graph error answers → DirectoryError kinds the use cases act on. Branches on status and code,
// never on the message text (Graph's advice); the message is kept only for logs.
import { DirectoryError } from '../app/kernel/ports';
import { type GraphResponse, graphCode, graphMessage } from './graph-http';

/**
 * A 403 on a read means the app lacks a permission; on a write it is Entra refusing this target
 * (e.g. a restricted-management AU member), since the app's write permission is checked at start.
 */
export function directoryErrorFor(response: GraphResponse | undefined, doing: string, write = false): DirectoryError {
  if (!response) return new DirectoryError('unavailable', null, `Microsoft Graph gave no answer when trying to ${doing}`);
  const code = graphCode(response);
  const message = `Could not ${doing}: ${graphMessage(response)}`;
  const status = { status: response.status };
  switch (true) {
    case response.status === 404:
      return new DirectoryError('not-found', code, message, status);
    case response.status === 401:
      return new DirectoryError('permission', code, message, status);
    case response.status === 403 && !write:
      return new DirectoryError('permission', code, message, status);
    case response.status === 403 || response.status === 400 || response.status === 409:
      return new DirectoryError('refused', code, message, status);
    case response.status === 429:
      return new DirectoryError('throttled', code, message, status);
    default:
      return new DirectoryError('unavailable', code, message, status);
  }
}

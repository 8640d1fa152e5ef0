// What TAP Desk adds to, or removes from, the spans that become Application Insights requests and
// dependencies. Pure and free of OpenTelemetry imports, like log-records.ts.
import type { Correlation } from '../log-context';
import type { TurnSummary } from '../http/server';

export type SpanAttributes = Record<string, string | number>;

/** The ids in force when a dependency call starts, under the same names as in the log lines. */
export function correlationAttributes(ids: Readonly<Correlation>): SpanAttributes {
  const out: SpanAttributes = {};
  for (const key of ['turnId', 'activityId', 'sweepId', 'requestId'] as const) {
    const value = ids[key];
    if (value) out[key] = value;
  }
  return out;
}

/** The inbound request's attributes once its turn is over: which turn, which activity, which request. */
export function turnAttributes(turn: TurnSummary): SpanAttributes {
  const out: SpanAttributes = { ...correlationAttributes(turn), activityType: turn.activityType, 'http.route': '/api/messages' };
  if (turn.invokeName) out.invokeName = turn.invokeName;
  if (turn.verb) out.verb = turn.verb;
  if (turn.requestIds.length > 0) out.requestId = turn.requestIds.join(',');
  return out;
}

/** Query parameters that carry credentials (SAS signatures, tokens, codes): never exported. */
const SECRET_PARAMS = /^(?:sig|signature|token|access_token|id_token|refresh_token|client_secret|code|password|key|api-key)$/i;

/** The URL with secret query values replaced; anything that does not parse is returned as it was. */
export function scrubUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  let changed = false;
  const params = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const name = decodeURIComponentSafe(pair.split('=')[0] ?? '');
      if (!SECRET_PARAMS.test(name)) return pair;
      changed = true;
      return `${pair.split('=')[0]}=REDACTED`;
    });
  return changed ? `${url.slice(0, query)}?${params.join('&')}` : url;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Span attributes that hold a URL, in the old and the stable HTTP semantic conventions. */
export const URL_ATTRIBUTES = ['http.url', 'url.full', 'http.target', 'url.query'] as const;

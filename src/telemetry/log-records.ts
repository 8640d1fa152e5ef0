// A pino JSON line → an OpenTelemetry log record (Application Insights "traces"). It works on the
// serialised line, after pino's redaction, so telemetry can hold nothing the log file would not.
// Pure and free of OpenTelemetry imports: it runs only when telemetry is on, but is tested without it.

/** OpenTelemetry SeverityNumber values for pino's levels. */
const SEVERITY: Readonly<Record<string, number>> = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 };

export type AttributeValue = string | number | boolean;

export interface LogRecordFields {
  timestamp?: Date;
  severityNumber: number;
  severityText: string;
  body: string;
  attributes: Record<string, AttributeValue>;
}

/** Not repeated as attributes: they are the record's own fields. */
const OWN_FIELDS = new Set(['time', 'level', 'msg']);

/** Null for anything that is not one JSON log line (pino writes one line per call). */
export function toLogRecord(line: string): LogRecordFields | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const fields = parsed as Record<string, unknown>;
  const level = typeof fields.level === 'string' ? fields.level : 'info';
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (OWN_FIELDS.has(key) || value === null || value === undefined) continue;
    // Nested fields (err, graph, …) stay readable in one customDimensions value.
    attributes[key] = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : JSON.stringify(value);
  }
  const time = typeof fields.time === 'string' ? new Date(fields.time) : null;
  return {
    ...(time && !Number.isNaN(time.getTime()) ? { timestamp: time } : {}),
    severityNumber: SEVERITY[level] ?? 9,
    severityText: level.toUpperCase(),
    body: typeof fields.msg === 'string' ? fields.msg : '',
    attributes,
  };
}

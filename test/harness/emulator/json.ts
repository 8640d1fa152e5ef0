// Graph resource JSON as the emulator handles it: objects with string keys and unknown values,
// narrowed where a handler needs a particular property.
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Case-insensitive key for ids, UPNs and domains (Entra compares them that way). */
export function keyOf(value: string): string {
  return value.toLowerCase();
}

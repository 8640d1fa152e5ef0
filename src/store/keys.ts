// Key and name rules shared by the Table Storage stores and their in-memory twin, so that a key
// the twin accepts is one Table Storage accepts too (and the other way round).

/**
 * Table Storage refuses / \ # ? and control characters in PartitionKey and RowKey. They are
 * written as %XX (and % itself too, so that decoding is exact).
 */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what is forbidden
const FORBIDDEN_IN_KEYS = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;

/** Keys are at most 1 KiB in Table Storage (UTF-16), i.e. 512 code units once encoded. */
const MAX_ENCODED_KEY = 512;

export function encodeKey(raw: string): string {
  return raw.replace(FORBIDDEN_IN_KEYS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function decodeKey(encoded: string): string {
  return encoded.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A caller's key, checked and encoded; a bad key is a programming error, refused before any I/O. */
export function storageKey(raw: unknown, what: string): string {
  if (typeof raw !== 'string' || raw.length === 0) throw new TypeError(`${what} must be a non-empty string`);
  const encoded = encodeKey(raw);
  if (encoded.length > MAX_ENCODED_KEY)
    throw new RangeError(`${what} is too long for Table Storage (${encoded.length} > ${MAX_ENCODED_KEY})`);
  return encoded;
}

/** The largest JSON text kept in one string column: Table Storage strings are at most 64 KiB (UTF-16). */
export const MAX_JSON_CHARS = 32_000;

/** A value as stored JSON; refuses what would not survive the round trip or would not fit. */
export function storedJson(value: unknown, what: string): string {
  const json = JSON.stringify(value);
  if (typeof json !== 'string') throw new TypeError(`${what} must be JSON-serialisable`);
  if (json.length > MAX_JSON_CHARS) throw new RangeError(`${what} is too large to store (${json.length} > ${MAX_JSON_CHARS} characters)`);
  return json;
}

/** Table names: letters and digits, starting with a letter, 3 to 63 characters, not "tables". */
export function tableName(prefix: string, name: string): string {
  const full = `${prefix}${name}`;
  if (!/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(full) || /^tables$/i.test(full)) {
    throw new RangeError(`"${full}" is not a valid table name: use letters and digits, starting with a letter, at most 63 in all`);
  }
  return full;
}

/**
 * An ETag a compare-and-swap can use: '*' would match any version and an empty one would make the
 * SDK insert-or-replace, so both count as "not the version stored".
 */
export const isUsableEtag = (etag: string): boolean => etag.length > 0 && etag !== '*';

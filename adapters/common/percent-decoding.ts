/** Percent-escapes decoded; a run that is not valid UTF-8 stays as it came instead of failing the request. */
export function decodeEscapes(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => {
    try {
      return decodeURIComponent(escapes);
    } catch {
      return escapes;
    }
  });
}

/**
 * Form-style decoding (`+` is a space, then percent-escapes) that never throws: a run of escapes that is not
 * valid UTF-8 is kept as it came, so a stray `%` in an object key or query value survives untouched.
 */
export function decodeFormComponent(text: string): string {
  return decodeEscapes(text.replace(/\+/g, ' '));
}

/**
 * The one policy for object-storage keys (S3, OSS, COS), each documented as "URL-decoded": form-style, as S3
 * writes them (`+` is a space, a literal `+` comes as `%2B` on every platform), and a key that is not valid
 * percent-encoding is kept as it came rather than failing the whole notification.
 */
export function decodeObjectKey(key: string): string {
  return decodeFormComponent(key);
}

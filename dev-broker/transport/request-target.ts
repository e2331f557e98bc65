import { ok, type Result } from '../../src/protocol/result.ts';

/**
 * The decoded path of an HTTP request target, or why it cannot be used (the answer is 400).
 * Never throws: a request line is attacker-controlled, and `decodeURIComponent` or `new URL` on it
 * used to end the process (`/%`: URIError; `//[`: TypeError, because `new URL('//[', base)` reads
 * `[` as a host).
 *
 * - origin-form (`/a/b?q`): the part before `?`/`#`, taken as a path as it is, except that `[` and
 *   `]` are refused (RFC 3986 §3.3 allows them only in a host, so `//[` is malformed);
 * - absolute-form (`http://host/a`, RFC 9112 §3.2.2): its pathname;
 * - anything else (`*`, garbage): refused.
 * The path must be valid percent-encoding of UTF-8 and must not contain control characters.
 */
export function requestPath(target: string | undefined): Result<string, string> {
  const raw = target ?? '/';
  let encoded: string;
  if (raw.startsWith('/')) {
    encoded = raw.slice(0, firstOf(raw, '?#'));
    if (/[[\]]/.test(encoded)) return { ok: false, error: 'the path contains [ or ]' };
  } else if (/^https?:\/\//i.test(raw) && URL.canParse(raw)) {
    encoded = new URL(raw).pathname;
  } else {
    return { ok: false, error: 'the request target is not a path' };
  }
  let path: string;
  try {
    path = decodeURIComponent(encoded);
  } catch {
    return { ok: false, error: 'the path is not valid percent-encoded UTF-8' };
  }
  // eslint-disable-next-line no-control-regex -- exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(path)) {
    return { ok: false, error: 'the path contains control characters' };
  }
  return ok(path);
}

function firstOf(text: string, chars: string): number {
  let at = text.length;
  for (const c of chars) {
    const i = text.indexOf(c);
    if (i >= 0 && i < at) at = i;
  }
  return at;
}

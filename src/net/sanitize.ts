// Makes peer-controlled text safe to print or store: no control characters, no ANSI escapes, bounded length.

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Renders untrusted bytes/text on one line: C0/C1 controls, DEL, bidi/zero-width format characters and U+2028/U+2029 line separators become `\xNN`
 * / `\u{NNNN}`; the result is cut at `max` characters with a trailing "…".
 */
export function sanitize(input: string | Buffer, max = 512): string {
  const s = typeof input === 'string' ? input : input.toString('latin1');
  if (s.length < max && PRINTABLE_ASCII.test(s)) return s; // the common case, without a per-character walk
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x2028 || c === 0x2029 || c === 0xfeff)
      out += `\\u{${c.toString(16)}}`;
    else out += ch;
    if (out.length >= max) return out.slice(0, max) + '…';
  }
  return out;
}

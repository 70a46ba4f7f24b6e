// Fuzzing the SMTP reply parser (src/smtp/reply.ts): arbitrary bytes in arbitrary chunks never throw anything but
// SmtpError ELIMIT/EPROTOCOL, the buffer never exceeds its caps, and well-formed replies round-trip whatever the chunking.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_REPLY_LIMITS, ReplyParser, ehloKeywords, replyText, type Reply } from '../../src/smtp/reply.js';
import { SmtpError } from '../../src/smtp/errors.js';
import { sanitize } from '../../src/net/sanitize.js';
import { FUZZ_TIMEOUT_MS, RUNS, saveFuzz, timed } from './budget.js';

afterAll(() => saveFuzz('reply'));

/** Cuts `b` at the given points (mod length). */
function chunks(b: Uint8Array, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => (b.length === 0 ? 0 : c % b.length)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(Buffer.from(b.subarray(prev, c)));
    prev = c;
  }
  out.push(Buffer.from(b.subarray(prev)));
  return out;
}

const BOUND = DEFAULT_REPLY_LIMITS.maxLineBytes + 1 + DEFAULT_REPLY_LIMITS.maxReplyBytes;

/** Feeds every chunk; returns the replies, or the SmtpError code that stopped it. Anything else fails the property. */
function feed(parts: Buffer[], limits = {}): { replies: Reply[]; error: string | null } {
  const p = new ReplyParser(limits);
  const replies: Reply[] = [];
  try {
    for (const c of parts) {
      replies.push(...p.push(c));
      expect(p.buffered).toBeLessThanOrEqual(BOUND);
    }
  } catch (e) {
    if (!(e instanceof SmtpError) || !['ELIMIT', 'EPROTOCOL'].includes(e.code)) throw e;
    return { replies, error: e.code };
  }
  for (const r of replies) {
    expect(r.code).toBeGreaterThanOrEqual(200);
    expect(r.code).toBeLessThanOrEqual(599);
    expect(r.lines.length).toBeLessThanOrEqual(DEFAULT_REPLY_LIMITS.maxLines);
    expect(sanitize(replyText(r))).not.toMatch(/[\x00-\x1f\x7f]/);
    ehloKeywords(r);
  }
  return { replies, error: null };
}

const replyLine = fc.tuple(fc.integer({ min: 200, max: 599 }), fc.array(fc.stringMatching(/^[\x20-\x7e]{0,60}$/), { minLength: 1, maxLength: 6 }));

describe('fuzz: SMTP reply parser', () => {
  it(
    'arbitrary bytes in arbitrary chunks: replies or ELIMIT/EPROTOCOL, bounded buffer',
    () => {
      const { fn } = timed('smtp/reply.ts', 'arbitrary bytes, arbitrary chunks', (b: Uint8Array, cuts: number[]) => void feed(chunks(b, cuts)));
      fc.assert(fc.property(fc.uint8Array({ maxLength: 4000 }), fc.array(fc.nat(), { maxLength: 8 }), fn), { numRuns: RUNS });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'SMTP-shaped noise (codes, separators, CR/LF/NUL, long runs)',
    () => {
      const token = fc.oneof(
        fc.constantFrom('250', '220', '421', '25', '2500', '099', '-', ' ', '\r\n', '\n', '\r', '\0', 'STARTTLS', '\xff', '\x1b[2J'),
        fc.integer({ min: 1, max: 6000 }).map((n) => 'x'.repeat(n)),
        fc.stringMatching(/^[\x20-\x7e]{0,20}$/),
      );
      const { fn } = timed(
        'smtp/reply.ts',
        'SMTP-shaped token soup',
        (toks: string[], cuts: number[]) => void feed(chunks(Buffer.from(toks.join(''), 'latin1'), cuts)),
      );
      fc.assert(fc.property(fc.array(token, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 8 }), fn), { numRuns: RUNS });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'well-formed replies round-trip whatever the chunking (CRLF or bare LF)',
    () => {
      const { fn } = timed('smtp/reply.ts', 'round trip of valid replies', (replies: [number, string[]][], eol: string, cuts: number[]) => {
        const wire = replies
          .map(([code, lines]) => lines.map((l, i) => `${code}${i === lines.length - 1 ? (l === '' ? '' : ' ') : '-'}${l}${eol}`).join(''))
          .join('');
        const out = feed(chunks(Buffer.from(wire, 'latin1'), cuts));
        expect(out.error).toBeNull();
        expect(out.replies.map((r) => [r.code, r.lines])).toEqual(replies);
      });
      fc.assert(fc.property(fc.array(replyLine, { maxLength: 8 }), fc.constantFrom('\r\n', '\n'), fc.array(fc.nat(), { maxLength: 10 }), fn), {
        numRuns: RUNS,
      });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'a reply over the caps is refused (lines, bytes, line length), never buffered',
    () => {
      const { fn } = timed('smtp/reply.ts', 'over-cap replies', (n: number, len: number) => {
        const wire = Buffer.from(`${'250-'.concat('y'.repeat(len), '\r\n').repeat(n)}250 end\r\n`, 'latin1');
        const L = DEFAULT_REPLY_LIMITS;
        const tooMany = n + 1 > L.maxLines || (n > 0 && len + 4 > L.maxLineBytes) || n * (len + 6) + 9 > L.maxReplyBytes;
        const out = feed([wire]);
        if (tooMany) expect(out.error).toBe('ELIMIT');
        else expect(out.replies).toHaveLength(1);
      });
      fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 5000 }), fn), { numRuns: RUNS });
    },
    FUZZ_TIMEOUT_MS,
  );
});

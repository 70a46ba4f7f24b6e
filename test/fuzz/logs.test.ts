// Fuzzing the log parsers (src/logs/: format detection, Exchange protocol logs, Postfix/Exim/Sendmail lines) through
// analyzeLogs() on in-memory streams: arbitrary bytes and mutated fixture lines never throw, never hang, and the report
// stays bounded (JSON-serialisable, every peer string sanitised or plain).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeLogs } from '../../src/logs/analyze.js';
import { UNSAFE } from '../hostile/results.js';
import { FUZZ_TIMEOUT_MS, RUNS, SLOW_RUNS, saveFuzz, timedAsync } from './budget.js';

afterAll(() => saveFuzz('logs'));

const FX = 'test/fixtures/logs';
const fixtureLines = (f: string): string[] => readFileSync(`${FX}/${f}`, 'latin1').split('\n').filter(Boolean);
const EXCHANGE = [...fixtureLines('exchange/RECV2024050210-1.LOG'), ...fixtureLines('exchange/SEND20240502-1.LOG')];
const MTA = [...fixtureLines('postfix/mail.log'), ...fixtureLines('exim/mainlog'), ...fixtureLines('sendmail/maillog')];

async function* once(b: Buffer): AsyncIterable<Buffer> {
  yield b;
}

/** Runs the analyser on one in-memory input; any throw fails the property. */
async function analyse(name: string, b: Buffer): Promise<void> {
  const r = await analyzeLogs([{ name, stream: once(b) }], { lang: 'en', workers: 0, year: 2024, stdin: undefined });
  const json = JSON.stringify(r);
  // Log text is hostile too: nothing in the report that `mailtls logs` prints may carry a control character.
  JSON.stringify(r, (_k, v: unknown) => {
    if (typeof v === 'string') expect(UNSAFE.test(v), `unsafe string in the report: ${JSON.stringify(v).slice(0, 120)}`).toBe(false);
    return v;
  });
  expect(json.length).toBeLessThan(2_000_000);
  expect(r.lines).toBeLessThanOrEqual(b.length + 1);
  expect(r.malformedSamples.length).toBeLessThanOrEqual(10);
}

/** A fixture line with some characters replaced, cut, or repeated. */
const mutatedLine = (pool: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...pool),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(',', '"', ' ', '\r', '\0', ':', '[', ']', '=', '\x1b', '9', 'T', '\xff')), { maxLength: 5 }),
      fc.nat(),
      fc.boolean(),
    )
    .map(([l, edits, cut, dup]) => {
      const a = [...l];
      for (const [at, c] of edits) a[at % a.length] = c;
      const s = a.join('');
      const t = s.slice(0, Math.max(1, cut % (s.length + 1)));
      return dup ? t + t : t;
    });

describe('fuzz: log parsers', () => {
  it(
    'arbitrary bytes (plain, after a log header, gzip) never throw',
    async () => {
      const { fn } = timedAsync('logs/*', 'arbitrary bytes, headers, gzip', async (head: string, b: Uint8Array, gz: boolean) => {
        const buf = Buffer.concat([Buffer.from(head, 'latin1'), b]);
        await analyse('fuzz.log', gz ? gzipSync(buf) : buf);
        if (gz) await analyse('cut.gz', gzipSync(buf).subarray(0, 20));
      });
      const heads = fc.constantFrom(
        '',
        '#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n',
        'May  2 10:00:01 mx postfix/smtpd[1]: ',
        '2024-06-02 05:50:20 1sDcEe-000000004BC-0oYZ <= ',
      );
      await fc.assert(fc.asyncProperty(heads, fc.uint8Array({ maxLength: 3000 }), fc.boolean(), fn), { numRuns: SLOW_RUNS });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'mutated Exchange protocol log lines',
    async () => {
      const { fn } = timedAsync('logs/exchange.ts', 'mutated Exchange lines', async (lines: string[], eol: string) => {
        await analyse(
          'RECV2024050210-1.LOG',
          Buffer.from(
            `#Software: Microsoft Exchange Server\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n${lines.join(eol)}`,
            'latin1',
          ),
        );
      });
      await fc.assert(fc.asyncProperty(fc.array(mutatedLine(EXCHANGE), { maxLength: 60 }), fc.constantFrom('\n', '\r\n', '\r'), fn), { numRuns: SLOW_RUNS });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'mutated Postfix, Exim and Sendmail lines',
    async () => {
      const { fn } = timedAsync('logs/mta.ts', 'mutated MTA lines', async (lines: string[]) => {
        await analyse('maillog', Buffer.from(lines.join('\n'), 'latin1'));
      });
      await fc.assert(fc.asyncProperty(fc.array(mutatedLine(MTA), { maxLength: 60 }), fn), { numRuns: SLOW_RUNS });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'pathological shapes: one huge line, many tiny sessions, many peers',
    async () => {
      const { fn } = timedAsync('logs/*', 'huge line / many sessions', async (kind: number, n: number) => {
        let buf: Buffer;
        if (kind === 0)
          buf = Buffer.concat([
            Buffer.from('May  2 10:00:01 mx postfix/smtpd[1]: connect from x[1.2.3.4]\n'),
            Buffer.alloc(200_000 + n, 0x41),
            Buffer.from('\n'),
          ]);
        else if (kind === 1)
          buf = Buffer.from(
            Array.from(
              { length: 2000 },
              (_, i) => `2024-05-02T10:00:01.010Z,EX01\\Default,08DC6A${String(i).padStart(10, '0')},0,10.0.0.5:25,192.0.2.${i % 250}:5${i},+,,`,
            ).join('\n'),
          );
        else
          buf = Buffer.from(
            Array.from(
              { length: 2000 },
              (_, i) =>
                `May  2 10:00:01 mx postfix/smtpd[${i}]: Anonymous TLS connection established from h${i}[10.${i >> 8}.${i & 0xff}.${n & 0xff}]: TLSv1 with cipher AES256-SHA`,
            ).join('\n'),
          );
        await analyse(kind === 1 ? 'RECV2024050210-1.LOG' : 'mail.log', buf);
      });
      await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.nat({ max: 1000 }), fn), { numRuns: Math.max(10, Math.ceil(RUNS / 30)) });
    },
    FUZZ_TIMEOUT_MS,
  );
});

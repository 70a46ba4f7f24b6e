// Real error texts from public sources (test/fixtures/real/ndr/corpus.jsonl, SOURCES.md) and real bounce .eml files, in en and nl.
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { explain, explainBytes } from '../../src/explain/explain.js';
import { renderExplain } from '../../src/explain/render.js';
import { SUGGEST_FLOOR } from '../../src/explain/suggest.js';
import { CATALOG } from '../../src/cli/catalog.js';
import { isMailtlsError } from '../../src/errors.js';
import type { Lang } from '../../src/i18n/lang.js';

const dir = new URL('../fixtures/real/ndr/', import.meta.url);
const corpus = readFileSync(new URL('corpus.jsonl', dir), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { text: string; source: string; expect: string });
const family = (e: string) => (e.startsWith('sig.') ? 'TLS entry' : e.startsWith('not-tls:') ? 'not TLS (kind)' : 'none (no TLS entry)');
const tally = new Map<string, { n: number; ok: number }>();

/** Status codes in a text, class digit dropped. */
const codes = (s: string) => new Set([...s.matchAll(/(?<![\d.])[245]\.(\d{1,3})\.(\d{1,3})(?![\d.]?\d)/g)].map((m) => `${m[1]}.${m[2]}`));

describe('real texts from public sources: the right reading first, in English and Dutch', () => {
  it('has at least 100 texts, each with a source and an expectation', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    for (const r of corpus) {
      expect(r.source.length).toBeGreaterThan(10);
      expect(r.expect === 'none' || r.expect.startsWith('not-tls:') || CATALOG[r.expect] !== undefined, r.expect).toBe(true);
    }
  });
  corpus.forEach((r, i) => {
    for (const lang of ['en', 'nl'] as Lang[]) {
      it(`#${i + 1} ${lang}: ${r.text.slice(0, 60).replace(/\s+/g, ' ')} → ${r.expect}`, () => {
        const res = explain(r.text, { lang });
        const t = tally.get(family(r.expect)) ?? { n: 0, ok: 0 };
        t.n++;
        tally.set(family(r.expect), t);
        if (r.expect.startsWith('sig.')) {
          expect(res.matches[0]?.id).toBe(r.expect);
          expect(res.matches[0]!.title).toBe(CATALOG[r.expect]!.title[lang]);
        } else if (r.expect.startsWith('not-tls:')) {
          expect(res.matches).toEqual([]);
          expect(res.notTls?.kind).toBe(r.expect.slice(8));
          expect(res.suggestions).toEqual([]);
          expect(renderExplain(res, lang)).toContain(lang === 'en' ? 'Not a TLS problem' : 'Geen TLS-probleem');
        } else {
          expect(res.matches).toEqual([]);
          // Never a contradicting suggestion: only error signatures, above the floor, never with other status codes.
          const own = codes(r.text);
          for (const s of res.suggestions) {
            expect(s.id.startsWith('sig.')).toBe(true);
            expect(s.score).toBeGreaterThanOrEqual(SUGGEST_FLOOR);
            expect(CATALOG[s.id]!.severity).not.toBe('info');
            if (own.size > 0) {
              const theirs = new Set(EXPLAIN_CODES(s.id));
              if (theirs.size > 0)
                expect(
                  [...theirs].some((c) => own.has(c)),
                  `${s.id} for ${r.text}`,
                ).toBe(true);
            }
          }
        }
        t.ok++;
      });
    }
  });
  afterAll(() => {
    const rows = [...tally.entries()].map(
      ([k, v]) => `${k.padEnd(22)} ${String(v.ok).padStart(4)}/${String(v.n).padEnd(4)} ${((100 * v.ok) / v.n).toFixed(0)}%`,
    );
    console.log(`real-ndr corpus hit rate (en+nl runs)\n${rows.join('\n')}`);
  });
});

import { EXPLAIN_SIGNATURES } from '../../src/explain/signatures.js';
function EXPLAIN_CODES(id: string): string[] {
  const s = EXPLAIN_SIGNATURES.find((x) => x.id === id);
  return s ? s.samples.flatMap((x) => [...codes(x)]) : [];
}

describe('the issue texts and readings', () => {
  const first = (t: string) => explain(t).matches[0];
  it('421 4.4.2 … TimedOut is its own entry, not the TLS 1.0 SocketError case', () => {
    const m = first('421 4.4.2 Connection dropped due to TimedOut')!;
    expect(m.id).toBe('sig.timed-out-421');
    expect(m.cause).not.toMatch(/TLS 1\.0/);
  });
  it('the headline typed from memory', () => {
    expect(first('421 4.4 2 connection dropped due to socket error')?.id).toBe('sig.socket-error-421');
  });
  it('4.4.317 quoting STARTTLS is required: the receiving server fixes it, Exchange Online sends', () => {
    for (const t of [
      '550 5.4.317 Message expired, cannot connect to remote server(451 5.7.3 STARTTLS is required to send mail)',
      '450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail]',
    ]) {
      const r = explain(t);
      expect(r.matches.map((m) => m.id)).toEqual(['sig.4-4-317']);
      expect(r.matches[0]!.side).toBe('receiver');
      expect(r.matches[0]!.message).toMatch(/Exchange Online is the sending server/);
    }
    for (const id of ['sig.exo-4-4-316', 'sig.suspicious-remote-server']) expect(explain(id).matches[0]!.side).toBe('receiver');
    expect(first('450 4.4.318 Connection was closed abruptly')?.id).toBe('sig.suspicious-remote-server');
  });
  const issue: [string, string][] = [
    ['The client and server cannot communicate, because they do not possess a common algorithm', 'sig.sec-algorithm-mismatch'],
    [
      'A call to SSPI failed, see inner exception. ---> The client and server cannot communicate, because they do not possess a common algorithm',
      'sig.sec-algorithm-mismatch',
    ],
    ['A call to SSPI failed, see inner exception.', 'sig.dotnet-sspi-failed'],
    ['SEC_E_ILLEGAL_MESSAGE (0x80090326)', 'sig.sec-illegal-message'],
    ['0x80090302', 'sig.sec-unsupported-function'],
    ['SEC_E_WRONG_PRINCIPAL', 'sig.sec-wrong-principal'],
    ['SEC_E_CERT_EXPIRED', 'sig.sec-cert-expired'],
    ['SEC_E_UNTRUSTED_ROOT', 'sig.sec-untrusted-root'],
    ['The handshake failed due to an unexpected packet format', 'sig.dotnet-unexpected-packet'],
    ['Authentication failed because the remote party has closed the transport stream', 'sig.dotnet-remote-closed'],
    ['Remote(SocketError)', 'sig.remote-socket-error'],
    ['454 TLS currently unavailable', 'sig.exim-tls-unavailable'],
    ['TLS error on connection from mx.example.org [192.0.2.1] (gnutls_handshake): The TLS connection was non-properly terminated.', 'sig.exim-tls-error'],
    ['530 5.7.0. Issue a STARTTLS command first', 'sig.must-issue-starttls-530'],
    ['451 4.4.0 SuspiciousRemoteServerError; remote server disconnected abruptly', 'sig.suspicious-remote-server'],
    ['Remote certificate failed MTA-STS validation', 'sig.mta-sts-failed'],
    ['550 5.7.64 TenantAttribution; Relay Access Denied', 'sig.tenant-attribution-5-7-64'],
    ['454 4.7.0 Failed to establish appropriate TLS channel: Access Denied', 'sig.tls-channel-access-denied'],
    ['status=deferred (client TLS configuration problem)', 'sig.client-tls-config'],
    ["TLS Negotiation failed, the certificate doesn't match the host", 'sig.cert-host-mismatch'],
    ['A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 70.', 'sig.schannel-36887-70'],
    ['Event ID 36874', 'sig.schannel-36874'],
    ['Event ID: 36871', 'sig.schannel-36871'],
  ];
  for (const [t, id] of issue) it(`${id}: ${t.slice(0, 50)}`, () => expect(first(t)?.id).toBe(id));
  it('non-TLS texts: one line, the kind, no suggestions', () => {
    for (const [t, kind] of [
      ['550 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant', 'auth'],
      ['550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain', 'relay'],
      ['550 4.4.7 QUEUE.Expired; message expired', 'queue-expired'],
      ['552 5.2.2 Mailbox full', 'mailbox-full'],
    ] as const) {
      const r = explain(t, { lang: 'nl' });
      expect(r.notTls?.kind).toBe(kind);
      expect(r.suggestions).toEqual([]);
      expect(renderExplain(r, 'nl').trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('real bounce files (.eml)', () => {
  const emlDir = new URL('eml/', dir);
  const files = readdirSync(emlDir);
  const want: Record<string, string> = {
    'sisimai-lhost-office365-08.eml': 'sig.exo-4-4-316',
    'sisimai-lhost-office365-06.eml': 'not-tls:dns',
    'sisimai-lhost-office365-12.eml': 'not-tls:mailbox-full',
    'sisimai-lhost-office365-01.eml': 'not-tls:recipient',
    'sisimai-lhost-exchange2007-05.eml': 'not-tls:queue-expired',
  };
  it('every fixture has an expectation', () => expect(files.sort()).toEqual(Object.keys(want).sort()));
  for (const f of files) {
    it(`${f} is read whole: every part listed, delivery status parsed, the right reading`, async () => {
      const buf = readFileSync(new URL(f, emlDir));
      const r = await explainBytes(buf, { lang: 'en' });
      const b = r.bounce!;
      expect(b.subject).toMatch(/^Undeliverable/);
      const raw = buf.toString('latin1');
      // Every top-level part of the report is accounted for (read or skipped with a reason).
      if (/multipart\/report/i.test(raw) && /message\/delivery-status/i.test(raw)) {
        expect(b.parts.some((p) => p.type === 'message/delivery-status' && p.use === 'read')).toBe(true);
        expect(b.recipients.length).toBeGreaterThan(0);
        const status = /^Status:\s*(\S+)/im.exec(raw)![1];
        expect(b.recipients[0]!.status).toBe(status);
      }
      for (const p of b.parts) if (p.use === 'skipped') expect(p.reason).toBeTruthy();
      const e = want[f]!;
      if (e.startsWith('sig.')) expect(r.matches[0]?.id).toBe(e);
      else {
        expect(r.matches).toEqual([]);
        expect(r.notTls?.kind).toBe(e.slice(8));
      }
    });
  }
  it('the Exchange Online 4.4.316 bounce: Exchange Online sends, the receiving server fixes, in Dutch too', async () => {
    const r = await explainBytes(readFileSync(new URL('sisimai-lhost-office365-08.eml', emlDir)), { lang: 'nl' });
    expect(r.matches[0]!.side).toBe('receiver');
    // no Remote-MTA: the receiving server may be a remote MX or the organisation's own (hybrid), so the direction is
    // left open rather than guessed
    expect(r.matches[0]!.direction).toBe('either');
    expect(r.bounce!.recipients[0]!.diagnosticCode).toMatch(/5\.4\.316/);
    expect(renderExplain(r, 'nl')).toContain('ontvanger(s)');
  });
  it('a base64 text part is decoded too (the real notification text, re-encoded in the test)', async () => {
    const real = await explainBytes(readFileSync(new URL('sisimai-lhost-office365-08.eml', emlDir)));
    expect(real.matches[0]?.id).toBe('sig.exo-4-4-316');
    const body =
      "Delivery has failed to these recipients or groups:\r\nnyaan@neko.example.jp\r\nRemote Server returned '550 5.4.316 Message expired, connection refused(Socket error code 10061)'\r\n";
    const b64 = Buffer.from(body).toString('base64').replace(/.{76}/g, '$&\r\n');
    const mail = `From: postmaster@outlook.com\r\nSubject: Undeliverable: Nyaan\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`;
    const r = await explainBytes(Buffer.from(mail));
    expect(r.matches[0]?.id).toBe('sig.exo-4-4-316');
    expect(r.bounce!.parts.map((x) => [x.type, x.use])).toEqual([['text/plain', 'read']]);
  });
  it('an Outlook .msg is refused with what to do instead', async () => {
    const msg = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    let err: unknown;
    try {
      await explainBytes(msg, { lang: 'nl' });
    } catch (e) {
      err = e;
    }
    expect(isMailtlsError(err) && err.code).toBe('EINPUT');
    expect((err as Error).message).toMatch(/\.eml/);
  });
});

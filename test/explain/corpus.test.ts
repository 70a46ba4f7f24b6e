// Corpus test: every explain signature is recognised in real-world-shaped texts (quoted, wrapped, re-cased, inside NDRs), in en and nl.
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/explain/explain.js';
import { EXPLAIN_SIGNATURES } from '../../src/explain/signatures.js';
import { CATALOG } from '../../src/cli/catalog.js';
import type { Lang } from '../../src/i18n/lang.js';

/** Wraps at spaces to `width` columns (what mail clients do to long NDR lines). */
function wrapAt(s: string, width: number): string {
  const out: string[] = [];
  let line = '';
  for (const w of s.split(' ')) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out.join('\r\n');
}

/** Cuts every `width` characters, even inside a word (queue viewer copies, fixed-width terminals). */
const hardWrap = (s: string, width: number) => s.match(new RegExp(`[^]{1,${width}}`, 'g'))!.join('\n');

/** An Outlook-style NDR around the error text. */
const inNdr = (s: string) => `Delivery has failed to these recipients or groups:

jan.devries@contoso.nl (jan.devries@contoso.nl)
A problem occurred while delivering this message to this email address. Try sending this message again.

Diagnostic information for administrators:

Generating server: EX01.contoso.local

jan.devries@contoso.nl
Remote Server returned '${s}'

Original message headers:

Received: from EX01.contoso.local (10.0.0.4) by EX02.contoso.local (10.0.0.5)
 with Microsoft SMTP Server id 15.1.2507.6; Tue, 5 Mar 2024 10:12:01 +0100
Subject: Factuur maart
`;

/** Variants of one sample: how admins actually paste it. */
function variants(sample: string, logLine: boolean): [string, string][] {
  const v: [string, string][] = [
    ['as is', sample],
    ['upper case', sample.toUpperCase()],
    ['lower case', sample.toLowerCase()],
    ['double quotes', `"${sample}"`],
    ['smart quotes', `\u201c${sample}\u201d`],
    ['extra whitespace', `  \t${sample.replace(/ /g, '  ')}\t \n`],
    ['inside an NDR', inNdr(sample)],
    ['mail-quoted in a reply', `Hoi, we krijgen dit:\n\n> ${sample}\n\nGroet, Piet`],
  ];
  // Log lines stay on one line in real pastes; NDR and event texts get wrapped.
  if (!logLine) {
    v.push(['wrapped at 40 columns', wrapAt(sample, 40)]);
    v.push([
      'wrapped and mail-quoted',
      wrapAt(sample, 30)
        .split('\r\n')
        .map((l) => `> ${l}`)
        .join('\n'),
    ]);
  }
  return v;
}

/** Texts shaped like log lines (syslog, Exchange CSV, Exim): matched per line. */
const isLogLine = (s: string) => /^(?:\w{3} [ \d]\d |\d{4}-\d\d-\d\d|\d\w{5}-|SmtpReceive|status=|host |warning:|error:)/.test(s) || /\]: |,\*,|<=|=>/.test(s);

describe('explain corpus: every signature, every sample, every paste variant', () => {
  for (const sig of EXPLAIN_SIGNATURES) {
    describe(sig.id, () => {
      it('has at least one sample and a catalogue entry', () => {
        expect(sig.samples.length).toBeGreaterThan(0);
        expect(CATALOG[sig.id], sig.id).toBeDefined();
      });
      sig.samples.forEach((sample, i) => {
        for (const [name, text] of variants(sample, isLogLine(sample))) {
          for (const lang of ['en', 'nl'] as Lang[]) {
            it(`sample ${i + 1}, ${name}, ${lang}`, () => {
              const r = explain(text, { lang });
              expect(r.unknown).toBe(false);
              const m = r.matches[0]!;
              expect(m.id).toBe(sig.id);
              const e = CATALOG[sig.id]!;
              expect(m.title).toBe(e.title[lang]);
              expect(m.cause).toBe(e.cause?.[lang]);
              expect(m.fix).toBe(e.fix?.[lang]);
              expect(m.next).toBe(e.next);
              expect(m.check).toBeTruthy();
              expect(m.evidence.length).toBeGreaterThan(3);
              // Evidence is the input's own text (case kept), not the normalised form.
              expect(text.replace(/\s+/g, ' ').toLowerCase()).toContain(m.evidence.toLowerCase().split(' ')[0]);
            });
          }
        }
      });
    });
  }
});

describe("the article's four messages survive hard wrapping inside words", () => {
  const article: [string, string][] = [
    ['421 4.4.2 Connection dropped due to SocketError', 'sig.socket-error-421'],
    ['TLS negotiation failed with error SocketError', 'sig.tls-negotiation-failed'],
    ['451 5.7.3 Must issue a STARTTLS command first', 'sig.must-issue-starttls'],
    ['450 4.4.317 Cannot connect to remote server', 'sig.4-4-317'],
  ];
  for (const [text, id] of article) {
    for (const w of [7, 13, 20]) {
      it(`${id} cut every ${w} characters`, () => {
        expect(explain(hardWrap(text, w)).matches[0]?.id).toBe(id);
      });
    }
  }
  it('quoted-printable soft line breaks', () => {
    expect(explain("Remote Server returned '421 4.4.2 Connection dropped due to Socket=\r\nError'").matches[0]?.id).toBe('sig.socket-error-421');
  });
  it('HTML NDR body', () => {
    const html = '<p><b>Remote Server returned</b> &#39;421 4.4.2 Connection dropped<br>due to SocketError&#39;</p>';
    const r = explain(html);
    expect(r.matches[0]?.id).toBe('sig.socket-error-421');
    expect(r.matches[0]?.evidence).toBe('421 4.4.2 Connection dropped due to SocketError');
  });
  it("the Dutch machine translation's wording from the article", () => {
    expect(explain("Fout in Protocollogboek Verbindingslijn verzenden of ontvangen - '451 5.7.3 Moet eerst een STARTTLS-opdracht geven'").matches[0]?.id).toBe(
      'sig.must-issue-starttls',
    );
    expect(explain('TLS-onderhandeling is mislukt met fout SocketError').matches[0]?.id).toBe('sig.tls-negotiation-failed');
  });
});

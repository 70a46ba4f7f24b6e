// The probe's rules as tables (facts in, findings out), and the rule over all of them: every combination of facts that
// the verdict calls a fail yields at least one error finding that says why.
import { describe, expect, it } from 'vitest';
import { TLS_VERSIONS, type TlsVersion } from '../../src/policy/exchange-online.js';
import { entry } from '../../src/probe/messages.js';
import { whyText, type Why } from '../../src/probe/reasons.js';
import { certFindings, dialogFacts, dialogFindings, tlsFindings, type TlsFacts, type VersionFact } from '../../src/probe/rules.js';
import type { DialogFailure } from '../../src/probe/session.js';
import { hostVerdict, type HostFacts } from '../../src/probe/verdict.js';
import { SmtpError } from '../../src/smtp/errors.js';
import type { Reply } from '../../src/smtp/reply.js';

const reply = (code: number, text = 'x'): Reply => ({ code, lines: [`${text}`] }) as unknown as Reply;
const severity = (id: string): string | undefined => entry(id)?.severity;
const hasError = (ids: string[]): boolean => ids.some((id) => severity(id) === 'error');

const CLOSED: Why = { kind: 'closed', bytes: 0, reset: false };
const ALERT40: Why = { kind: 'alert', name: 'handshake_failure', description: 40 };
const VERSION13: Why = { kind: 'other-version', version: 'TLSv1.3' };

function version(accepted: boolean | null, why: Why | null = null, suites: string[] = []): VersionFact {
  return { accepted, why, throttled: false, suites, anonymous: 0 };
}

function tls(over: Partial<TlsFacts> & { v?: Partial<Record<TlsVersion, VersionFact>> } = {}): TlsFacts {
  const versions = Object.fromEntries(TLS_VERSIONS.map((x) => [x, over.v?.[x] ?? version(false, ALERT40)])) as TlsFacts['versions'];
  const { v: _v, ...rest } = over;
  return {
    versions,
    eoTls12: null,
    eoTls13: null,
    handshakeError: null,
    sessionError: null,
    tls13NoSuites: false,
    noTlsAnswer: false,
    deadlineReported: false,
    weak: [],
    enumerated: false,
    ...rest,
  };
}
const ids = (f: TlsFacts, lang: 'en' | 'nl' = 'en'): string[] => tlsFindings(f, lang).map((x) => x.id);

describe('tlsFindings: table', () => {
  const rows: [string, TlsFacts, string[]][] = [
    [
      'TLS 1.2 with an Exchange Online suite, no TLS 1.3',
      tls({ v: { 'TLSv1.2': version(true, null, ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384']) }, eoTls12: true, eoTls13: false }),
      ['tls.tls13-not-offered'],
    ],
    ['TLS 1.2 + 1.3 with Exchange Online suites', tls({ v: { 'TLSv1.2': version(true), 'TLSv1.3': version(true) }, eoTls12: true, eoTls13: true }), []],
    ['neither TLS 1.2 nor 1.3, TLS 1.0 accepted', tls({ v: { 'TLSv1.0': version(true) } }), ['tls.tls12-not-offered', 'tls.tls10-accepted']],
    [
      'TLS 1.2 without an EO suite, no TLS 1.3',
      tls({ v: { 'TLSv1.2': version(true, null, ['TLS_DHE_RSA_WITH_AES_128_CBC_SHA']) }, eoTls12: false, eoTls13: false }),
      ['tls.no-common-suite', 'tls.tls13-not-offered'],
    ],
    [
      'TLS 1.2 without an EO suite, TLS 1.3 with one',
      tls({ v: { 'TLSv1.2': version(true), 'TLSv1.3': version(true) }, eoTls12: false, eoTls13: true }),
      ['tls.tls12-no-common-suite'],
    ],
    [
      'TLS 1.3 only with an EO suite',
      tls({ v: { 'TLSv1.3': version(true, null, ['TLS_AES_256_GCM_SHA384']) }, eoTls12: false, eoTls13: true }),
      ['tls.tls13-only'],
    ],
    [
      'TLS 1.3 only, CHACHA20 only',
      tls({ v: { 'TLSv1.3': version(true, null, ['TLS_CHACHA20_POLY1305_SHA256']) }, eoTls12: false, eoTls13: false }),
      ['tls.tls13-no-common-suite', 'tls.tls13-only'],
    ],
    [
      'TLS 1.3 on without suites',
      tls({ v: { 'TLSv1.2': version(true, null, ['TLS_RSA_WITH_AES_256_CBC_SHA']), 'TLSv1.3': version(false, ALERT40) }, eoTls12: true, tls13NoSuites: true }),
      ['tls.tls13-no-suites'],
    ],
    [
      'every hello closed without a byte',
      tls({ v: Object.fromEntries(TLS_VERSIONS.map((x) => [x, version(null, CLOSED)])), handshakeError: CLOSED, noTlsAnswer: true }),
      ['tls.handshake-failed'],
    ],
    [
      'one version unknown (timeout)',
      tls({ v: { 'TLSv1.2': version(true), 'TLSv1.3': version(false, VERSION13), 'TLSv1.1': version(null, { kind: 'timeout' }) }, eoTls12: true }),
      ['tls.version-unknown', 'tls.tls13-not-offered'],
    ],
    [
      'unreadable answer to one version',
      tls({ v: { 'TLSv1.2': version(true), 'TLSv1.0': version(null, { kind: 'unreadable', detail: 'not a TLS record (first byte 0x35)' }) }, eoTls12: true }),
      ['tls.bad-server-hello', 'tls.tls13-not-offered'],
    ],
    [
      'deadline on one version',
      tls({ v: { 'TLSv1.2': version(true), 'TLSv1.0': version(null, { kind: 'deadline' }) }, eoTls12: true }),
      ['probe.host-deadline', 'tls.tls13-not-offered'],
    ],
    [
      'the proof failed',
      tls({
        v: { 'TLSv1.2': version(true), 'TLSv1.3': version(true) },
        eoTls12: true,
        eoTls13: true,
        sessionError: { kind: 'alert', name: 'internal_error', description: 80 },
      }),
      ['tls.session-failed'],
    ],
    [
      'throttled on a version check',
      tls({
        v: { 'TLSv1.2': version(true), 'TLSv1.3': { ...version(null, { kind: 'dialog', failure: { kind: 'greeting', reply: reply(421) } }), throttled: true } },
        eoTls12: true,
      }),
      ['smtp.throttled'],
    ],
  ];
  for (const [name, facts, want] of rows) it(name, () => expect(ids(facts)).toEqual(want));

  it('TLS 1.3 CHACHA20 only names both suite lists', () => {
    const f = tlsFindings(tls({ v: { 'TLSv1.3': version(true, null, ['TLS_CHACHA20_POLY1305_SHA256']) }, eoTls12: false, eoTls13: false }), 'en')[0];
    expect(f?.params).toEqual({ suites: 'TLS_CHACHA20_POLY1305_SHA256', eoSuites: 'TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256' });
  });

  it('reasons are words in the language asked for', () => {
    const facts = tls({ v: { 'TLSv1.2': version(true), 'TLSv1.1': version(null, CLOSED) }, eoTls12: true });
    const en = tlsFindings(facts, 'en').find((x) => x.id === 'tls.version-unknown');
    const nl = tlsFindings(facts, 'nl').find((x) => x.id === 'tls.version-unknown');
    expect(en?.params.reason).toBe('connection closed without an answer');
    expect(nl?.params.reason).toBe('verbinding gesloten zonder antwoord');
    expect(whyText({ kind: 'closed', bytes: 0, reset: true }, 'nl')).toBe('verbinding door de server verbroken (reset) (ECONNRESET) zonder antwoord');
    expect(whyText({ kind: 'after-handshake', version: 'TLSv1.3', after: { kind: 'alert', name: 'certificate_required', description: 116 } }, 'nl')).toBe(
      'TLS-alert certificate_required (116) in plaats van een antwoord op de eerste opdracht na de TLSv1.3-handshake',
    );
  });
});

describe('dialog rules: table', () => {
  const banner = reply(220, 'mx ESMTP');
  const rows: [string, DialogFailure, string, string[]][] = [
    ['421 greeting', { kind: 'greeting', reply: reply(421, 'busy') }, 'not-tested', ['smtp.throttled']],
    ['554 greeting', { kind: 'greeting', reply: reply(554, 'go away') }, 'not-tested', ['smtp.greeting-refused']],
    [
      'connect refused',
      { kind: 'error', error: new SmtpError('ECONNECT', 'cannot connect', 'connect', { cause: 'ECONNREFUSED' }) },
      'not-tested',
      ['smtp.connect-failed'],
    ],
    ['timeout in the greeting', { kind: 'error', error: new SmtpError('ETIMEDOUT', 'no reply', 'greeting') }, 'not-tested', ['smtp.timeout']],
    ['timeout waiting for the STARTTLS answer', { kind: 'error', error: new SmtpError('ETIMEDOUT', 'no reply', 'starttls') }, 'failed', ['smtp.timeout']],
    ['HELO only', { kind: 'ehlo', reply: reply(250), verb: 'helo', banner }, 'not-offered', ['smtp.helo-only']],
    ['EHLO refused', { kind: 'ehlo', reply: reply(554), verb: 'ehlo', banner }, 'not-tested', ['smtp.ehlo-refused']],
    ['no STARTTLS', { kind: 'not-offered', ehlo: reply(250, 'mx'), banner }, 'not-offered', ['starttls.not-offered']],
    ['STARTTLS 454', { kind: 'starttls', reply: reply(454), banner }, 'failed', ['starttls.refused']],
  ];
  for (const [name, d, starttls, want] of rows)
    it(name, () => {
      expect(dialogFacts(d).starttls).toBe(starttls);
      expect(dialogFindings(d, 'en').map((x) => x.id)).toEqual(want);
    });

  it('the phase is an id in the parameters and words in the message, per language', () => {
    const d: DialogFailure = { kind: 'error', error: new SmtpError('ETIMEDOUT', 'no reply', 'greeting') };
    expect(dialogFindings(d, 'en')[0]?.params).toEqual({ phase: 'greeting', during: 'the greeting' });
    expect(dialogFindings(d, 'nl')[0]?.params).toEqual({ phase: 'greeting', during: 'de begroeting' });
  });
});

describe('certFindings: table', () => {
  it('no certificate: unavailable with the reason, but not when no TLS answer came at all', () => {
    const base = { info: null, hashes: [], name: 'mx.test', error: null, handshakeError: null, sessionError: null, noTlsAnswer: false, now: Date.now() };
    expect(certFindings({ ...base, handshakeError: ALERT40 }, 'en').map((x) => x.id)).toEqual(['cert.unavailable']);
    expect(certFindings({ ...base, handshakeError: CLOSED, noTlsAnswer: true }, 'en')).toEqual([]);
    expect(certFindings(base, 'en')).toEqual([]);
  });
});

/** Every value a fact can take, for the property below. */
const TRI = [true, false, null] as const;

describe('a fail verdict always carries an error finding that says why', () => {
  it('over every combination of TLS facts after STARTTLS', () => {
    let fails = 0;
    let combos = 0;
    for (const tls12 of TRI)
      for (const tls13 of TRI)
        for (const eoTls12 of tls12 === true ? TRI : [tls12])
          for (const eoTls13 of tls13 === true ? TRI : [tls13])
            for (const handshake of ['ok', 'failed', 'silent'] as const)
              for (const session of TRI)
                for (const tls13NoSuites of [false, true]) {
                  if (tls13NoSuites && !(tls12 === true && tls13 === false)) continue;
                  if (handshake === 'silent' && (tls12 !== null || tls13 !== null)) continue; // nothing answered: all unknown
                  combos++;
                  const handshakeError: Why | null = handshake === 'failed' ? ALERT40 : handshake === 'silent' ? CLOSED : null;
                  const sessionError: Why | null = session === false ? { kind: 'alert', name: 'internal_error', description: 80 } : null;
                  const v = (a: boolean | null): VersionFact => version(a, a === true ? null : a === false ? ALERT40 : { kind: 'timeout' });
                  const facts = tls({
                    v: { 'TLSv1.2': v(tls12), 'TLSv1.3': v(tls13), 'TLSv1.1': v(null), 'TLSv1.0': v(null), SSLv3: v(null) },
                    eoTls12,
                    eoTls13,
                    handshakeError,
                    sessionError,
                    tls13NoSuites,
                    noTlsAnswer: handshake === 'silent',
                  });
                  const hf: HostFacts = {
                    starttls: 'offered',
                    reached: true,
                    starttlsRefused: false,
                    tls12,
                    tls13,
                    eoTls12,
                    eoTls13,
                    handshakeOk: handshake === 'ok',
                    session,
                    tls13NoSuites,
                    noTlsAnswer: handshake === 'silent',
                  };
                  if (hostVerdict(hf) !== 'fail') continue;
                  fails++;
                  const found = ids(facts);
                  expect(hasError(found), JSON.stringify({ tls12, tls13, eoTls12, eoTls13, handshake, session, tls13NoSuites, found })).toBe(true);
                }
    expect(combos).toBe(171);
    expect(fails).toBeGreaterThan(50);
  });

  it("over every dialog that ends before STARTTLS's 220", () => {
    const banner = reply(220);
    const dialogs: DialogFailure[] = [
      { kind: 'greeting', reply: reply(421) },
      { kind: 'greeting', reply: reply(554) },
      { kind: 'error', error: new SmtpError('ECONNECT', 'x', 'connect') },
      { kind: 'error', error: new SmtpError('ETIMEDOUT', 'x', 'starttls') },
      { kind: 'error', error: new SmtpError('EPROTOCOL', 'x', 'ehlo') },
      { kind: 'ehlo', reply: reply(250), verb: 'helo', banner },
      { kind: 'ehlo', reply: reply(502), verb: 'helo', banner },
      { kind: 'ehlo', reply: reply(421), verb: 'ehlo', banner },
      { kind: 'not-offered', ehlo: reply(250), banner },
      { kind: 'not-offered', ehlo: { code: 250, lines: ['mx', 'XXXXXXXA'] } as unknown as Reply, banner },
      { kind: 'starttls', reply: reply(454), banner },
      { kind: 'starttls', reply: reply(421), banner },
    ];
    let fails = 0;
    for (const d of dialogs) {
      const f = dialogFacts(d);
      const verdict = hostVerdict({ ...f, tls12: null, tls13: null, eoTls12: null, eoTls13: null, handshakeOk: null, session: null, tls13NoSuites: false });
      if (verdict !== 'fail') continue;
      fails++;
      expect(hasError(dialogFindings(d, 'en').map((x) => x.id)), JSON.stringify(d)).toBe(true);
    }
    expect(fails).toBe(4); // no STARTTLS, masked, HELO only, 454
  });
});

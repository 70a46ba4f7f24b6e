// probe against other TLS stacks: Exim 4.96 with GnuTLS in 14 priority strings and OpenSMTPD 6.8 (OpenSSL 3). Versions
// and every suite equal sslscan's live output; the verdict equals the oracles' (sslscan lists one of Exchange Online's
// suites AND openssl s_client, offering what Exchange Online offers, completes a handshake). Where sslscan alone would
// say otherwise (TLS 1.3 on without suites, OpenSMTPD's broken handshakes), real clients show why mailtls is right.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { EO_SMTP_TLS13, EXCHANGE_ONLINE, TLS_VERSIONS, type TlsVersion } from '../../src/policy/exchange-online.js';
import { probeHost } from '../../src/probe/host.js';
import type { HostResult } from '../../src/probe/types.js';
import { suiteByName } from '../../src/tls/suites.js';
import { gnutlsCliAvailable, gnutlsHandshake, opensslHandshake, type HandshakeOracle } from '../harness/clients.js';
import { eximUnavailableReason, startExim } from '../harness/exim.js';
import { opensmtpdUnavailableReason, startOpensmtpd } from '../harness/opensmtpd.js';
import { sslscan, type SslscanResult } from '../harness/tools.js';

const certs = inject('certs');
const eximReason = eximUnavailableReason();
const smtpdReason = opensmtpdUnavailableReason();

const FFDHE_OFF = '-GROUP-FFDHE2048:-GROUP-FFDHE3072:-GROUP-FFDHE4096:-GROUP-FFDHE6144:-GROUP-FFDHE8192';

/** Exim configurations: a GnuTLS priority string (tls_require_ciphers) and the certificate. */
export const EXIM_CONFIGS: readonly { name: string; priority: string; cert?: 'ecdsa' }[] = [
  { name: 'normal', priority: 'NORMAL' },
  { name: 'hardened', priority: 'NORMAL:-VERS-TLS-ALL:+VERS-TLS1.2:+VERS-TLS1.3' },
  { name: 'tls12-only', priority: 'NORMAL:-VERS-TLS-ALL:+VERS-TLS1.2' },
  { name: 'legacy-only', priority: 'NORMAL:-VERS-ALL:+VERS-TLS1.0:+VERS-TLS1.1' },
  { name: 'tls13-only', priority: 'NORMAL:-VERS-ALL:+VERS-TLS1.3' },
  { name: 'cbc-only-tls13-on', priority: 'NORMAL:-CIPHER-ALL:+AES-256-CBC:+AES-128-CBC' },
  { name: 'cbc-only', priority: 'NORMAL:-VERS-TLS1.3:-CIPHER-ALL:+AES-256-CBC:+AES-128-CBC' },
  { name: 'dhe-only-no-ffdhe', priority: `NORMAL:-VERS-TLS1.3:-KX-ALL:+DHE-RSA:${FFDHE_OFF}` },
  { name: 'no-ffdhe-groups', priority: `NORMAL:${FFDHE_OFF}` },
  { name: 'ecdsa', priority: 'NORMAL', cert: 'ecdsa' },
  { name: 'ecdsa-no-tls13', priority: 'NORMAL:-VERS-TLS1.3', cert: 'ecdsa' },
  { name: 'chacha-only', priority: 'NORMAL:-VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305' },
  { name: 'rsa-kx-only', priority: 'NORMAL:-VERS-TLS1.3:-KX-ALL:+RSA' },
  { name: 'secure256-tls12', priority: 'SECURE256:-VERS-TLS-ALL:+VERS-TLS1.2' },
];

const EO12 = EXCHANGE_ONLINE.tls12Suites.map((n) => suiteByName(n)?.openssl).filter((x): x is string => Boolean(x));
/** openssl s_client offering what Exchange Online offers (versions per EO_SMTP_TLS13, its suites). */
const asExchangeOnline = (host: string, port: number, tls13 = EO_SMTP_TLS13.offersTls13): Promise<HandshakeOracle> =>
  opensslHandshake(host, port, { tls12Suites: EO12, tls13Suites: [...EXCHANGE_ONLINE.tls13Suites], tls13 });

const sorted = (a: readonly string[] | undefined): string[] => [...(a ?? [])].sort();
const ids = (h: HostResult): string[] => h.findings.map((f) => f.id);
const short = (v: TlsVersion): string => v.replace('TLSv', '').replace('SSLv3', 'S3');
const versionsText = (r: Record<TlsVersion, boolean | null>): string =>
  TLS_VERSIONS.filter((v) => r[v])
    .map(short)
    .join(' ') || '-';

/** The verdict the oracles give: one of Exchange Online's suites in sslscan's list, and a complete handshake. */
function oracleVerdict(ss: SslscanResult, hs: HandshakeOracle): 'pass' | 'fail' {
  const eo = (v: TlsVersion, list: readonly string[]): boolean => ss.ciphers[v].some((s) => list.includes(s));
  const suite = eo('TLSv1.2', EXCHANGE_ONLINE.tls12Suites) || (EO_SMTP_TLS13.offersTls13 && eo('TLSv1.3', EXCHANGE_ONLINE.tls13Suites));
  return suite && hs.ok ? 'pass' : 'fail';
}

/** Rows of the agreement table (printed after the run; docs/probe.md keeps a copy). */
const table: string[] = [];
afterAll(() => {
  if (table.length === 0) return;
  console.log(
    [
      '| server | mailtls versions | sslscan versions | suites (mailtls = sslscan) | s_client as EO | mailtls verdict | oracle verdict | connections |',
      '|---|---|---|---|---|---|---|---|',
      ...table,
    ].join('\n'),
  );
});

describe.skipIf(eximReason !== null)(`probe vs Exim/GnuTLS${eximReason ? ` (skipped: ${eximReason})` : ''}`, () => {
  it.each(EXIM_CONFIGS)('$name ($priority): versions, suites and verdict agree with sslscan and openssl s_client', async (cfg) => {
    const d = await startExim({ priority: cfg.priority, cert: cfg.cert === 'ecdsa' ? certs.ecdsa : certs.leaf });
    try {
      const target = { name: 'mx1.example.test', ip: d.host, port: d.port, mxPreference: null };
      const res = await probeHost(target, { ciphers: true, extraCa: [certs.ca.certPem], timeoutMs: 10_000 });
      const std = await probeHost(target, { extraCa: [certs.ca.certPem], timeoutMs: 10_000 });
      const ss = await sslscan(d.address);
      const hs = await asExchangeOnline(d.host, d.port);
      for (const v of TLS_VERSIONS) {
        if (ss.versions[v] !== null) expect(res.tls.versions[v], `${v} vs sslscan`).toBe(ss.versions[v]);
        expect(sorted(res.tls.ciphers[v]), `${v} suites vs sslscan`).toEqual(sorted(ss.ciphers[v]));
      }
      const want = oracleVerdict(ss, hs);
      expect(res.verdict, hs.output.slice(-400)).toBe(want);
      expect(std.verdict).toBe(want);
      // alerts are read whatever their record's stamp (GnuTLS: 0xFEFD): nothing here is "not TLS"
      expect(ids(res)).not.toContain('tls.bad-server-hello');
      expect(ids(res)).not.toContain('tls.version-unknown');
      // a pass always rests on a finished handshake made as Exchange Online makes it
      if (res.verdict === 'pass') expect(res.tls.session?.version).toBe(hs.protocol);
      const same = TLS_VERSIONS.every((v) => sorted(res.tls.ciphers[v]).join() === sorted(ss.ciphers[v]).join());
      table.push(
        `| Exim \`${cfg.priority}\`${cfg.cert ? ' (ECDSA)' : ''} | ${versionsText(res.tls.versions)} | ${versionsText(ss.versions)} | ${same ? `yes (${TLS_VERSIONS.reduce((n, v) => n + ss.ciphers[v].length, 0)})` : 'NO'} | ${hs.ok ? `${hs.protocol} ${hs.cipher}` : `fails${hs.alert !== null ? ` (alert ${hs.alert})` : ''}`} | ${res.verdict} | ${want} | ${std.connections} |`,
      );
    } finally {
      await d.stop();
    }
  });

  it('TLS 1.3 on without TLS 1.3 suites: its own finding; sslscan lists an Exchange Online suite, yet every client offering TLS 1.3 is refused', async () => {
    const d = await startExim({ priority: 'NORMAL:-CIPHER-ALL:+AES-256-CBC:+AES-128-CBC', cert: certs.leaf });
    try {
      const res = await probeHost(
        { name: 'mx1.example.test', ip: d.host, port: d.port, mxPreference: null },
        { extraCa: [certs.ca.certPem], timeoutMs: 10_000 },
      );
      const ss = await sslscan(d.address);
      expect(ss.ciphers['TLSv1.2'].some((s) => EXCHANGE_ONLINE.tls12Suites.includes(s))).toBe(true);
      expect(ids(res)).toContain('tls.tls13-no-suites');
      // one cause, one finding: not a "handshake failed / broken key", not "TLS 1.2 is enough"
      expect(ids(res)).not.toContain('tls.handshake-failed');
      expect(ids(res)).not.toContain('tls.tls13-not-offered');
      const withTls13 = await asExchangeOnline(d.host, d.port, true);
      const tls12Only = await asExchangeOnline(d.host, d.port, false);
      expect(withTls13.ok).toBe(false);
      expect(withTls13.alert).toBe(40);
      expect(tls12Only.ok).toBe(true);
      if (gnutlsCliAvailable()) expect((await gnutlsHandshake(d.host, d.port)).ok).toBe(false);
      expect(res.verdict).toBe(EO_SMTP_TLS13.offersTls13 ? 'fail' : 'pass');
    } finally {
      await d.stop();
    }
  });
});

/**
 * sslscan right after the probes' burst of connections: OpenSMTPD answers new sessions with errors for a moment (sslscan
 * prints "did not respond with status 250 to our HELO", then "Could not connect", and every version as disabled). That
 * is no answer about TLS: ask again (at most 5 times, a second apart).
 */
async function sslscanSettled(address: string): Promise<SslscanResult> {
  for (let i = 0; ; i++) {
    const r = await sslscan(address);
    if (i >= 4 || !r.error || !/did not respond with status 250|could not connect/i.test(r.error)) return r;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe.skipIf(smtpdReason !== null)(`probe vs OpenSMTPD${smtpdReason ? ` (skipped: ${smtpdReason})` : ''}`, () => {
  it('ServerHello and Certificate, then alert 80 on every handshake: FAIL, as for sslscan, s_client and gnutls-cli', async () => {
    const d = await startOpensmtpd({ cert: certs.leaf });
    try {
      const target = { name: 'mx1.example.test', ip: d.host, port: d.port, mxPreference: null };
      const res = await probeHost(target, { extraCa: [certs.ca.certPem], timeoutMs: 10_000 });
      const all = await probeHost(target, { ciphers: true, extraCa: [certs.ca.certPem], timeoutMs: 10_000 });
      const ss = await sslscanSettled(d.address);
      const hs = await asExchangeOnline(d.host, d.port);
      for (const v of TLS_VERSIONS) if (ss.versions[v] !== null) expect(res.tls.versions[v], `${v} vs sslscan`).toBe(ss.versions[v]);
      // sslscan counts a suite only when its handshake completes: none does
      expect(TLS_VERSIONS.every((v) => ss.ciphers[v].length === 0)).toBe(true);
      expect(hs.ok).toBe(false);
      expect(hs.alert).toBe(80);
      if (gnutlsCliAvailable()) {
        const g = await gnutlsHandshake(d.host, d.port);
        expect(g.ok).toBe(false);
        expect(g.alert).toBe(80);
      }
      for (const r of [res, all]) {
        expect(r.verdict).toBe(oracleVerdict(ss, hs));
        expect(r.verdict).toBe('fail');
        expect(r.tls.session).toBeNull();
        expect(r.findings.find((f) => f.id === 'tls.session-failed')?.params?.reason).toBe('TLS alert internal_error (80)');
      }
      table.push(
        `| OpenSMTPD 6.8.0p2 (OpenSSL 3) | ${versionsText(res.tls.versions)} | ${versionsText(ss.versions)} | mailtls ${TLS_VERSIONS.reduce((n, v) => n + (all.tls.ciphers[v]?.length ?? 0), 0)} chosen in ServerHellos, sslscan 0 completed | fails (alert ${hs.alert}) | ${res.verdict} | ${oracleVerdict(ss, hs)} | ${res.connections} |`,
      );
    } finally {
      await d.stop();
    }
  });
});

// Real log files and excerpts published by others (test/fixtures/real/logs/SOURCES.md): per file what is true in it,
// and the whole directory at once. Lines that are not used are counted, never dropped in silence.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/logs/analyze.js';
import type { LogReport, PeerReport } from '../../src/logs/types.js';
import * as S from '../../src/logs/signatures.js';

const R = 'test/fixtures/real/logs';
const run = (f: string): Promise<LogReport> => analyzeLogs([`${R}/${f}`], { lang: 'en', workers: 1, year: 2024 });
const peer = (r: LogReport, ip: string): PeerReport => {
  const p = r.peers.find((x) => x.peer === ip);
  if (!p) throw new Error(`no peer ${ip} in ${r.peers.map((x) => x.peer).join(', ')}`);
  return p;
};
const ids = (r: LogReport): string[] => r.findings.map((f) => f.id);

describe('Postfix, real lines', () => {
  it('no syslog header at all (openssl#22926): the TLS library problem belongs to the Outlook sender of the same smtpd pid', async () => {
    const r = await run('openssl-22926-noheader.log');
    expect(r.peers).toHaveLength(1);
    expect(peer(r, '40.92.89.25')).toMatchObject({
      name: 'mail-db8eur05olkn2025.outbound.protection.outlook.com',
      direction: 'inbound',
      failures: 1,
      signatures: { [S.SIG_UNSUPPORTED_PROTOCOL]: 1 },
    });
    expect(r.malformed).toBe(0);
    expect(ids(r)).not.toContain('logs.no-sessions');
    expect(r.findings.some((f) => f.severity === 'error')).toBe(true);
  });
  it('RFC 3339 time + padded level word, no host (bokysan#167): one inbound failure, nothing unread', async () => {
    const r = await run('bokysan-167-rfc3339-level.log');
    expect(peer(r, '10.0.1.22')).toMatchObject({ sessions: 1, failures: 1, signatures: { [S.SIG_SSL_ACCEPT_ERROR]: 1 } });
    expect(peer(r, '10.0.1.22').errors).toHaveProperty(['tlsv1 alert unknown ca']);
    expect(r.peers.every((p) => p.peer !== '(unknown)')).toBe(true);
    expect(r.malformed).toBe(0);
  });
  it('outbound SSL_connect error and the next library problem go to the same relay (bokysan#221, an excerpt)', async () => {
    const r = await run('bokysan-221-rfc3339-level.log');
    expect(peer(r, '142.250.110.108')).toMatchObject({
      direction: 'outbound',
      name: 'smtp.gmail.com',
      signatures: { [S.SIG_SSL_CONNECT_ERROR]: 1, [S.SIG_WRONG_VERSION_NUMBER]: 1 },
    });
    expect(peer(r, '172.16.43.1')).toMatchObject({ direction: 'inbound', sessions: 1, failures: 0 });
    expect(r.peers.some((p) => p.peer === '(unknown)')).toBe(false);
  });
  it('docker compose prefix `mail_1  | ` (docker-mailserver#663): starttls=1 without a TLS line is TLS of unknown version, no all-clear', async () => {
    const r = await run('dms-663-compose-prefix.log');
    expect(peer(r, '172.19.0.6')).toMatchObject({ sessions: 1, tlsSessions: 1, unknownVersion: 1 });
    expect(r.malformed).toBe(0);
    expect(ids(r)).toContain('logs.unknown-version');
    expect(ids(r)).not.toContain('logs.clean');
  });
  it('"cannot get RSA certificate … disabling TLS support" (panubo PR#46, no host) is one local finding, no peer', async () => {
    const r = await run('panubo-46-nohost.log');
    expect(r.peers).toHaveLength(0);
    expect(r.localFailures).toHaveLength(1);
    expect(r.localFailures[0]).toMatchObject({ mta: 'postfix', count: 4 });
    expect(r.findings.filter((f) => f.id === 'logs.local-tls-setup')).toHaveLength(1);
    expect(r.findings.find((f) => f.id === 'logs.local-tls-setup')?.severity).toBe('error');
  });
  it('a private key that does not match (sovereign#31): local, and the client that connected is not blamed', async () => {
    const r = await run('sovereign-31-local-tls.log');
    expect(r.localFailures).toHaveLength(1);
    expect(peer(r, '80.83.52.2').failures).toBe(0);
    expect(ids(r)).toContain('logs.local-tls-setup');
  });
  it('another service in the compose output (anonaddy#249): nginx line counted as not understood, TLS set-up failure local', async () => {
    const r = await run('anonaddy-249-compose-prefix.log');
    expect(r.malformed).toBe(1);
    expect(r.malformedSamples[0]).toMatchObject({ line: 1, reason: 'unrecognised' });
    expect(r.localFailures).toHaveLength(1);
  });
  it('unsupported protocol from an EC2 client (mailcow#2397): failures per smtpd process', async () => {
    const r = await run('mailcow-2397-unsupported-protocol.log');
    const p = peer(r, '54.210.254.161');
    expect(p.failures).toBe(3);
    expect(p.signatures[S.SIG_UNSUPPORTED_PROTOCOL]).toBe(1);
    expect(p.signatures[S.SIG_SSL_ACCEPT_ERROR]).toBe(2);
  });
  it('fail2ban postfix test file: 88 comment lines counted as unrecognised, the STARTTLS failure found', async () => {
    const r = await run('fail2ban-postfix');
    expect(r.malformed).toBe(88);
    expect(r.malformedSamples.every((s) => s.text.startsWith('#'))).toBe(true);
    expect(peer(r, '192.0.2.42')).toMatchObject({ name: 'spammer.example.com', failures: 1, errors: { 'lost connection after STARTTLS': 1 } });
  });
  it('crowdsec postfix lines (syslog and RFC 3339 with host): all read, no TLS in them, no all-clear', async () => {
    const r = await run('crowdsec-postfix-logs.log');
    expect(r.malformed).toBe(0);
    expect(r.totals.sessions).toBe(0);
    expect(ids(r)).toContain('logs.no-sessions');
  });
});

describe('Exim, real lines', () => {
  it('X= on rejected RCPT lines (crowdsec exim-logs): TLS 1.2 and 1.3 sessions, a mainlog without any <=/=> line', async () => {
    const r = await run('crowdsec-exim-logs.log');
    expect(r.fileReports[0]?.format).toBe('exim');
    expect(peer(r, '1.136.28.14')).toMatchObject({ versions: { 'TLSv1.3': 1 }, suites: { TLS_AES_128_GCM_SHA256: 1 } });
    expect(r.totals.versions).toEqual({ 'TLSv1.2': 2, 'TLSv1.3': 1 });
    expect(r.malformed).toBe(0);
  });
  it('the same lines through syslog (crowdsec exim-syslog-logs)', async () => {
    const r = await run('crowdsec-exim-syslog-logs.log');
    expect(r.totals.versions['TLSv1.3']).toBe(1);
    expect(r.totals.tlsSessions).toBeGreaterThanOrEqual(2);
  });
  it('fail2ban exim test file: 62 comment lines unrecognised; C=EHLO,STARTTLS is a TLS session of unknown version', async () => {
    const r = await run('fail2ban-exim');
    expect(r.fileReports[0]?.format).toBe('exim');
    expect(r.malformed).toBe(62);
    expect(peer(r, '49.212.207.15')).toMatchObject({ tlsSessions: 1, unknownVersion: 1 });
    expect(ids(r)).toContain('logs.unknown-version');
  });
  it('"cert/key setup: … Error while reading file" (hestiacp#2128) is one local finding, never the peer that connected', async () => {
    const r = await run('hestiacp-2128-exim-certkey.log');
    expect(r.peers).toHaveLength(0);
    expect(r.localFailures).toEqual([expect.objectContaining({ mta: 'exim', count: 2 })]);
    expect(r.totals.signatures).toEqual({});
  });
  it('GnuTLS names with double underscores, both message-id formats, X= on ** (invented, see SOURCES.md)', async () => {
    const r = await run('invented-exim-gnutls.log');
    expect(peer(r, '192.0.2.50')).toMatchObject({ versions: { 'TLSv1.3': 1 }, suites: { ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM: 1 } });
    expect(peer(r, '203.0.113.26')).toMatchObject({ direction: 'outbound', versions: { 'TLSv1.0': 1 } });
    expect(peer(r, '192.0.2.60').versions).toEqual({ 'TLSv1.1': 1 });
    expect(peer(r, '172.17.203.2').versions).toEqual({ 'TLSv1.2': 1 });
    expect(ids(r)).toEqual(expect.arrayContaining(['logs.tls10-peer', 'logs.tls11-peer']));
  });
});

describe('Sendmail, real lines', () => {
  it('version=TLSv1/SSLv3 (OpenSMTPD#83) is an unknown version and never an all-clear', async () => {
    const r = await run('opensmtpd-83-sendmail-tlsv1-sslv3.log');
    expect(peer(r, '216.34.181.88')).toMatchObject({ tlsSessions: 1, unknownVersion: 1, versions: {} });
    expect(ids(r)).toContain('logs.unknown-version');
    expect(ids(r)).not.toContain('logs.clean');
  });
  it('<mail.notice> facility tags (fail2ban sendmail-reject): read; TLS words in unused lines are a warning', async () => {
    const r = await run('fail2ban-sendmail-reject');
    expect(r.fileReports[0]?.format).toBe('sendmail');
    expect(r.malformed).toBe(48); // the comment lines
    expect(r.tlsLinesNotUsed).toBe(2);
    expect(ids(r)).toContain('logs.tls-lines-not-used');
    expect(ids(r)).not.toContain('logs.clean');
    // its three `from=… proto=ESMTP … relay=` lines: messages received without STARTTLS, each a session without TLS
    expect(peer(r, '95.32.23.163')).toMatchObject({ sessions: 2, noTls: 2, tlsSessions: 0, name: '163.23.32.95.dsl-dynamic.vsi.ru' });
    expect(peer(r, '192.168.1.45')).toMatchObject({ sessions: 1, noTls: 1, name: '' });
    // (and no TLS session at all in the file: said as such, with how to get TLS logged)
    expect(ids(r)).toContain('logs.no-tls-data');
  });
  it('journalctl short output of sm-mta (fail2ban#2385): every line read', async () => {
    const r = await run('fail2ban-2385-journalctl-short.log');
    expect(r.fileReports[0]?.format).toBe('sendmail');
    expect(r.malformed).toBe(0);
  });
});

describe('journalctl formats (invented from real lines, see SOURCES.md)', () => {
  it('short-iso with its "-- Logs begin" line', async () => {
    const r = await run('invented-journalctl-short-iso.log');
    expect(peer(r, '40.92.89.25')).toMatchObject({ sessions: 1, failures: 1 });
    expect(peer(r, '40.92.89.25').firstSeen).toBe('2023-12-04T09:15:02.000Z');
    expect(r.malformed).toBe(0);
  });
  it('short-precise', async () => {
    const r = await run('invented-journalctl-short-precise.log');
    expect(peer(r, '10.0.1.22').versions).toEqual({ 'TLSv1.0': 1 });
    expect(r.malformed).toBe(0);
  });
  it('-o json (a Dovecot entry among them is another program, not an error)', async () => {
    const r = await run('invented-journalctl-json.log');
    expect(peer(r, '10.0.1.22')).toMatchObject({ versions: { 'TLSv1.1': 1 }, firstSeen: '2023-12-04T09:15:02.617Z' });
    expect(r.malformed).toBe(0);
    expect(r.tlsLinesNotUsed).toBe(0);
  });
});

describe('Exchange, real and invented rows', () => {
  it('SmtpSend excerpt without header or SEND name (postal#829): the first row is a `<` 220, so it is a send log', async () => {
    const r = await run('postal-829-smtpsend-excerpt.log');
    expect(r.fileReports[0]?.format).toBe('exchange-send');
    expect(peer(r, '188.130.30.24')).toMatchObject({ direction: 'outbound', sessions: 1 });
  });
  it('one receive row without header (crowdsec): a `>` 535 reply is ours, so inbound', async () => {
    const r = await run('crowdsec-exchange-smtp-logs.log');
    expect(peer(r, '192.168.9.212').direction).toBe('inbound');
  });
  it('"Failed to connect. Winsock error code: 10061" rows are failures of a send log (invented)', async () => {
    const r = await run('invented-SmtpSend-winsock.LOG');
    expect(r.fileReports[0]?.format).toBe('exchange-send');
    expect(peer(r, '198.51.100.77')).toMatchObject({ direction: 'outbound', failures: 1, errors: { 'Winsock 10061': 1 } });
    expect(r.totals.failures).toBe(2);
  });
  it('tlsproxy: `established from [IP]` is a client of postscreen (inbound), `established to` a server (outbound); its library problem belongs to the client it follows (invented)', async () => {
    const r = await run('invented-postscreen-tlsproxy.log');
    expect(r.fileReports[0]).toMatchObject({ format: 'postfix', malformed: 0 });
    expect(peer(r, '192.168.1.12')).toMatchObject({ direction: 'inbound', connector: 'postfix/tlsproxy', sessions: 1, versions: { 'TLSv1.0': 1 } });
    expect(peer(r, '212.3.0.44')).toMatchObject({ direction: 'outbound', connector: 'postfix/tlsproxy', versions: { 'TLSv1.0': 1 } });
    expect(peer(r, '173.194.222.27')).toMatchObject({ direction: 'outbound', versions: { 'TLSv1.3': 1 } });
    // the failed client: one failure (its SSL_accept error and the library problem after it), inbound tlsproxy, with a time;
    // none of it becomes an outbound smtp peer
    const failed = r.peers.filter((p) => p.peer === '192.168.1.18');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      direction: 'inbound',
      connector: 'postfix/tlsproxy',
      failures: 1,
      signatures: { 'sig.ssl-accept-error': 1, 'sig.unsupported-protocol': 1 },
      errors: { 'unsupported protocol': 1 },
    });
    expect(failed[0]?.lastSeen).not.toBeNull();
    expect(r.peers.some((p) => p.direction === 'outbound' && p.connector === 'postfix/smtp')).toBe(false);
  });
  it('tlsproxy: a failure without a library line is not merged into the next client; a success in between ends it (invented lines)', async () => {
    const p = 'Jan 01 00:00:0';
    const text = [
      `${p}1 mx postfix/tlsproxy[42]: SSL_accept error from [192.0.2.1]:1000: -1`,
      `${p}2 mx postfix/tlsproxy[42]: SSL_accept error from [192.0.2.2]:1000: -1`,
      `${p}3 mx postfix/tlsproxy[42]: warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1716:`,
      `${p}4 mx postfix/tlsproxy[42]: Anonymous TLS connection established from [192.0.2.3]:1000: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)`,
      `${p}5 mx postfix/tlsproxy[42]: SSL_accept error from [192.0.2.4]:1000: -1`,
      '',
    ].join('\n');
    const r = await analyzeLogs([{ name: 'tlsproxy.log', stream: Readable.from([Buffer.from(text)]) }], { lang: 'en', workers: 1, year: 2024 });
    expect(peer(r, '192.0.2.1')).toMatchObject({ direction: 'inbound', failures: 1, errors: {}, lastSeen: '2024-01-01T00:00:01.000Z' });
    expect(peer(r, '192.0.2.2')).toMatchObject({
      direction: 'inbound',
      failures: 1,
      errors: { 'unsupported protocol': 1 },
      lastSeen: '2024-01-01T00:00:02.000Z',
    });
    expect(peer(r, '192.0.2.3')).toMatchObject({ direction: 'inbound', sessions: 1, failures: 0, versions: { 'TLSv1.2': 1 } });
    // the last one, held to the end of the input, still counts, at its own time
    expect(peer(r, '192.0.2.4')).toMatchObject({ direction: 'inbound', failures: 1, lastSeen: '2024-01-01T00:00:05.000Z' });
    expect(r.totals.failures).toBe(3);
  });
  it('a message tracking log is refused with one line naming it (invented)', async () => {
    const r = await run('invented-MSGTRK2024050210-1.LOG');
    expect(r.fileReports[0]?.detected).toMatch(/Message Tracking Log/);
    expect(r.findings.filter((f) => f.id === 'logs.file-not-mta')).toHaveLength(1);
    expect(r.malformed).toBe(r.lines);
  });
});

describe('other formats are refused by name', () => {
  for (const [f, what] of [
    ['fail2ban-dovecot', /Dovecot/],
    ['crowdsec-dovecot-logs.log', /Dovecot/],
    ['fail2ban-assp', /ASSP/],
  ] as const) {
    it(f, async () => {
      const r = await run(f);
      expect(r.fileReports[0]).toMatchObject({ format: null });
      expect(r.fileReports[0]?.detected).toMatch(what);
      expect(r.malformed).toBe(r.lines);
      expect(ids(r)).toContain('logs.file-not-mta');
    });
  }
  it('in Dutch the finding names what the file is in Dutch (from its kind, not the English text)', async () => {
    const kinds: [string, string, RegExp][] = [
      ['crowdsec-dovecot-logs.log', 'dovecot', /dit is een Dovecot-logboek \(IMAP\/POP3\), geen logboek/],
      ['fail2ban-assp', 'assp', /dit is een ASSP-logboek \(antispamproxy\)/],
      ['invented-MSGTRK2024050210-1.LOG', 'exchange-other', /dit is een Exchange-logboek "Message Tracking Log" \(geen SMTP-protocollogboek/],
    ];
    for (const [f, kind, nl] of kinds) {
      const r = await analyzeLogs([`${R}/${f}`], { lang: 'nl', workers: 1, year: 2024 });
      expect(r.fileReports[0]?.detectedLog?.kind).toBe(kind);
      // the English stays in the JSON field, the finding speaks the report language
      expect(r.fileReports[0]?.detected).toMatch(/^an? /);
      const m = r.findings.find((x) => x.id === 'logs.file-not-mta')?.message ?? '';
      expect(m).toMatch(nl);
      expect(m).not.toMatch(/\b(?:an?|not an SMTP)\b /);
    }
  });
});

describe('the whole directory of real files at once', async () => {
  const r = await analyzeLogs([R], { lang: 'en', workers: 1, year: 2024 });
  it('gives the right peers, versions and failures', () => {
    expect(peer(r, '40.92.89.25').failures).toBe(2); // openssl#22926 and the short-iso rendering of it
    expect(peer(r, '54.210.254.161').failures).toBe(6); // mailcow#2397 and its Docker json-file wrapping (derived-docker-json-…)
    expect(r.peers.find((p) => p.peer === '142.250.110.108')?.direction).toBe('outbound');
    expect(r.totals.versions).toMatchObject({ 'TLSv1.0': 4, 'TLSv1.1': 2, 'TLSv1.3': 4 }); // 1.3: crowdsec exim + its syslog copy + the GnuTLS file + tlsproxy; 1.0: two in the tlsproxy file
    expect(r.localFailures.map((l) => l.mta).sort()).toEqual(['exim', 'postfix', 'postfix', 'postfix']);
    expect(r.peers.some((p) => p.peer === 'x.x.x.x')).toBe(false);
  });
  it('never a silent 0 and never a clean bill', () => {
    expect(r.malformed).toBeGreaterThan(0);
    expect(r.malformed).toBe(r.fileReports.reduce((a, f) => a + f.malformed, 0));
    expect(ids(r)).not.toContain('logs.clean');
    expect(ids(r)).toEqual(expect.arrayContaining(['logs.unknown-version', 'logs.tls-lines-not-used', 'logs.local-tls-setup', 'logs.file-not-mta']));
  });
  it('every finding has its Dutch text too', async () => {
    const nl = await analyzeLogs([R], { lang: 'nl', workers: 1, year: 2024 });
    expect(nl.findings.map((f) => f.id)).toEqual(ids(r));
    expect(nl.findings.find((f) => f.id === 'logs.unknown-version')?.message).toMatch(/TLS-sessies/);
  });
});

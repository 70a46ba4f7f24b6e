// Per-format fixtures: Exchange receive/send (incl. localized connector, hyphen typo, numeric enum), Postfix, Exim, Sendmail.
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/logs/analyze.js';
import type { LogReport, PeerReport } from '../../src/logs/types.js';
import * as S from '../../src/logs/signatures.js';

const FX = 'test/fixtures/logs';
const byIp = (r: LogReport, ip: string, dir?: string): PeerReport => {
  const p = r.peers.find((x) => x.peer === ip && (!dir || x.direction === dir));
  if (!p) throw new Error(`no peer ${ip}`);
  return p;
};
const ids = (r: LogReport): string[] => r.findings.map((f) => f.id);

describe('Exchange receive protocol log', async () => {
  const r = await analyzeLogs([`${FX}/exchange/RECV2024050210-1.LOG`], { lang: 'en' });
  it('groups interleaved sessions by session-id and reads versions', () => {
    expect(byIp(r, '192.0.2.10').versions).toEqual({ 'TLSv1.2': 1, 'TLSv1.3': 1 }); // 4096 = SP_PROT_TLS1_3_SERVER
    expect(byIp(r, '192.0.2.10').name).toBe('mx1.partner.example');
    expect(byIp(r, '198.51.100.7').versions).toEqual({ 'TLSv1.0': 1 });
    expect(byIp(r, '198.51.100.8').versions).toEqual({ 'TLSv1.1': 1 }); // SP_PROT-TLS1_1 (the docs' typo)
    expect(byIp(r, '192.0.2.10').suites).toEqual({ 'ECDH_EPHEM/AES_256/SHA_384': 2 });
    expect(r.peers.every((p) => p.direction === 'inbound' && p.format === 'exchange-receive')).toBe(true);
  });
  it('finds sessions without TLS, failures and reply signatures', () => {
    expect(byIp(r, '203.0.113.5')).toMatchObject({ sessions: 1, noTls: 1, failures: 0 });
    expect(byIp(r, '203.0.113.9')).toMatchObject({ failures: 1, signatures: { [S.SIG_TLS_NEGOTIATION_FAILED]: 1 }, errors: { SocketError: 1 } });
    expect(byIp(r, '203.0.113.10').signatures).toEqual({ [S.SIG_MUST_ISSUE_STARTTLS]: 1 });
    expect(byIp(r, '198.51.100.20').signatures).toEqual({ [S.SIG_4_7_66]: 1 });
  });
  it('handles a quoted connector name with a comma and an IPv6 endpoint', () => {
    expect(byIp(r, '2001:db8::25')).toMatchObject({ connector: 'EX01\\Client Frontend, port 587', versions: { 'TLSv1.2': 1 } });
  });
  it('counts the malformed line with file:line, without failing', () => {
    expect(r.malformed).toBe(1);
    expect(r.malformedSamples[0]).toMatchObject({ line: 13, reason: 'exchange-fields' });
    expect(ids(r)).toContain('logs.malformed-lines');
  });
  it('reports findings with stable ids, worst peers first', () => {
    expect(ids(r)).toEqual(expect.arrayContaining(['logs.tls10-peer', 'logs.tls11-peer', 'logs.tls-failed-peer', 'logs.no-tls-peer', 'logs.signature']));
    expect(r.peers[0]?.failures).toBeGreaterThan(0);
    expect(r.peers.at(-1)?.failures).toBe(0);
    const sig = r.findings.filter((f) => f.id === 'logs.signature').map((f) => f.params?.signature);
    expect(sig).toEqual(expect.arrayContaining([S.SIG_TLS_NEGOTIATION_FAILED, S.SIG_MUST_ISSUE_STARTTLS, S.SIG_4_7_66]));
  });
  it('builds the per-day series', () => {
    expect(r.series['2024-05-02']).toMatchObject({ 'TLSv1.2': 1, 'TLSv1.0': 1, 'TLSv1.1': 1, none: 1 });
    expect(r.series['2024-05-03']).toMatchObject({ 'TLSv1.3': 1, 'TLSv1.2': 1, 'TLSv1.1': 1 });
  });
});

describe('Exchange send protocol logs', async () => {
  const r = await analyzeLogs([`${FX}/exchange/SEND20240502-1.LOG`, `${FX}/exchange/SEND2019110406-1.LOG`], { lang: 'en' });
  it('reads outbound TLS, names peers from the banner', () => {
    expect(byIp(r, '52.101.0.2')).toMatchObject({ direction: 'outbound', name: 'VI1EUR04FT012.mail.protection.outlook.com', versions: { 'TLSv1.2': 1 } });
  });
  it("finds the article's outbound signatures", () => {
    const all = r.totals.signatures;
    expect(all).toMatchObject({
      [S.SIG_TLS_NEGOTIATION_FAILED]: 1,
      [S.SIG_SOCKET_ERROR_421]: 1,
      [S.SIG_TLS_NO_CREDENTIALS]: 1,
      [S.SIG_STARTTLS_REQUIRED]: 1,
      [S.SIG_4_4_317]: 1,
    });
    expect(all[S.SIG_TLS_NEGOTIATION_FAILED]).toBe(1); // NoCredentials is not double counted
  });
  it('decodes a localized (UTF-8) connector name, a header-less file and TLS 1.0 as a client', () => {
    expect(byIp(r, '10.1.1.168')).toMatchObject({ connector: '组织内 SMTP 发送连接器', direction: 'outbound', versions: { 'TLSv1.0': 1 } });
  });
});

describe('Postfix', async () => {
  const r = await analyzeLogs([`${FX}/postfix/mail.log`], { lang: 'en', year: 2024 });
  it('reads smtpd and smtp TLS lines and sessions', () => {
    expect(byIp(r, '209.85.210.43')).toMatchObject({ sessions: 2, versions: { 'TLSv1.3': 2 }, name: 'mail-pz0-f43.google.com' });
    expect(byIp(r, '192.168.251.9').versions).toEqual({ 'TLSv1.0': 1 }); // "TLSv1" is TLS 1.0
    expect(byIp(r, '192.168.251.10')).toMatchObject({ versions: { 'TLSv1.1': 1 }, name: '' });
    expect(byIp(r, '52.101.0.9')).toMatchObject({ direction: 'outbound', sessions: 1, versions: { 'TLSv1.2': 1 } });
    expect(byIp(r, '203.0.113.77')).toMatchObject({ noTls: 1 });
    expect(byIp(r, '203.0.113.78')).toMatchObject({ direction: 'outbound', noTls: 1 });
    expect(byIp(r, '209.85.210.43').firstSeen).toBe('2024-05-02T10:00:01.000Z');
  });
  it('ties "TLS library problem" lines to the session by process id', () => {
    expect(byIp(r, '192.168.251.4').signatures).toEqual({ [S.SIG_SSL_ACCEPT_ERROR]: 1, [S.SIG_VERSION_TOO_LOW]: 1 });
    expect(byIp(r, '198.51.100.44').signatures).toMatchObject({ [S.SIG_UNSUPPORTED_PROTOCOL]: 1 });
    expect(byIp(r, '192.168.251.12').signatures).toMatchObject({ [S.SIG_ALERT_PROTOCOL_VERSION]: 1 });
    expect(byIp(r, '192.168.251.13').signatures).toMatchObject({ [S.SIG_WRONG_VERSION_NUMBER]: 1 });
    expect(byIp(r, '192.168.251.11').signatures).toEqual({ [S.SIG_MUST_ISSUE_STARTTLS_530]: 1 }); // Postfix's permanent 530, not Exchange's 451
    expect(byIp(r, '198.51.100.45').signatures).toMatchObject({ [S.SIG_SSL_CONNECT_ERROR]: 1, [S.SIG_CANNOT_START_TLS]: 1, [S.SIG_UNSUPPORTED_PROTOCOL]: 1 });
    expect(byIp(r, '203.0.113.90').signatures).toEqual({ [S.SIG_TLS_REQUIRED_NOT_OFFERED]: 1 });
  });
});

describe('Exim', async () => {
  const r = await analyzeLogs([`${FX}/exim/mainlog`], { lang: 'en' });
  it('reads X= in all its spellings (TLS1, TLSv1, TLS1.0 are TLS 1.0)', () => {
    expect(byIp(r, '208.42.54.2').versions).toEqual({ 'TLSv1.0': 1 });
    expect(byIp(r, '151.78.71.164')).toMatchObject({ versions: { 'TLSv1.0': 1 }, name: 'smtp.smtpout.orange.fr' });
    expect(byIp(r, '209.85.137.27')).toMatchObject({ direction: 'outbound', versions: { 'TLSv1.0': 1 } });
    expect(byIp(r, '192.0.2.55').versions).toEqual({ 'TLSv1.1': 1 });
    expect(byIp(r, '198.51.100.7')).toMatchObject({ name: 'FIN', versions: { 'TLSv1.2': 1 } });
    expect(byIp(r, '192.0.2.56').noTls).toBe(1);
    expect(byIp(r, '198.51.100.7').firstSeen).toBe('2024-06-02T06:04:03.000Z');
    // "rejected after DATA" is not an arrival, but its X= shows a TLS 1.2 session (X= is read wherever it appears)
    expect(byIp(r, '127.0.0.1')).toMatchObject({ direction: 'inbound', sessions: 1, versions: { 'TLSv1.2': 1 }, failures: 0 });
  });
  it('reads TLS errors in and out', () => {
    expect(byIp(r, '192.168.7.7')).toMatchObject({ name: 'matrix.lan', signatures: { [S.SIG_EXIM_TLS_ERROR]: 1, [S.SIG_UNSUPPORTED_PROTOCOL]: 1 } });
    expect(byIp(r, '212.227.15.15').signatures).toEqual({ [S.SIG_EXIM_TLS_ERROR]: 1 });
    expect(byIp(r, '192.0.2.61', 'outbound').signatures).toMatchObject({ [S.SIG_EXIM_TLS_ERROR]: 2, [S.SIG_ALERT_PROTOCOL_VERSION]: 1 });
  });
});

describe('Sendmail', async () => {
  const r = await analyzeLogs([`${FX}/sendmail/maillog`], { lang: 'en', year: 2024 });
  it('reads STARTTLS= lines; TLSv1/SSLv3 is an unknown version', () => {
    expect(byIp(r, '173.8.135.25')).toMatchObject({ versions: {}, unknownVersion: 1, direction: 'inbound' });
    expect(byIp(r, '192.168.1.21').versions).toEqual({ 'TLSv1.3': 1 });
    expect(byIp(r, '192.168.1.30').versions).toEqual({ 'TLSv1.0': 1 });
    expect(byIp(r, '192.168.1.31').versions).toEqual({ 'TLSv1.1': 1 });
    expect(byIp(r, 'gmail-smtp-in.l.google.com')).toMatchObject({ direction: 'outbound', unknownVersion: 1 });
    expect(byIp(r, '1.1.1.1').versions).toEqual({ 'TLSv1.2': 1 }); // SIEM-wrapped line
  });
  it('reads STARTTLS errors and the 403 4.7.0 reject', () => {
    expect(byIp(r, '192.168.1.40').signatures).toMatchObject({ [S.SIG_SENDMAIL_STARTTLS_ERROR]: 1, [S.SIG_UNSUPPORTED_PROTOCOL]: 1 });
    expect(byIp(r, 'goransoncpa-com.mail.eo.outlook.com').signatures).toEqual({ [S.SIG_TLS_HANDSHAKE_FAILED_403]: 1 });
  });
});

describe('signatures', () => {
  it('every signature has a title in English and Dutch and matches its own literal', async () => {
    const { ui } = await import('../../src/cli/catalog.js');
    for (const s of S.SIGNATURES) {
      expect(s.id).toMatch(/^sig\.[a-z0-9-]+$/);
      expect(ui(`logs.sig.${s.id.slice(4)}`, 'en')).toBeTruthy();
      expect(ui(`logs.sig.${s.id.slice(4)}`, 'nl')).toBeTruthy();
    }
    expect(S.matchSignatures('421 4.4.2 Connection dropped due to SocketError', 'exchange')).toEqual([S.SIG_SOCKET_ERROR_421]);
    expect(S.matchSignatures('TLS negotiation failed with error UnknownCredentials', 'exchange')).toEqual([S.SIG_TLS_UNKNOWN_CREDENTIALS]);
    expect(S.matchSignatures('550 5.4.317 Message expired, cannot connect to remote server(451 5.7.3 STARTTLS is required to send mail)', 'exchange')).toEqual([
      S.SIG_4_4_317,
      S.SIG_STARTTLS_REQUIRED,
    ]);
  });
});

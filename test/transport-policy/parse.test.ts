// MTA-STS TXT/policy parsing, MX pattern matching and TLS-RPT parsing (RFC 8461 §3.1, §3.2, §4.1; RFC 8460 §3).
import { describe, expect, it } from 'vitest';
import { mxMatches, parseMtaStsPolicy, parseMtaStsTxt } from '../../src/probe/transport-policy/mta-sts.js';
import { parseTlsRpt } from '../../src/probe/transport-policy/tls-rpt.js';
import { policy } from './helpers.js';

describe('MTA-STS TXT record', () => {
  it('reads the id of one v=STSv1 record and ignores other TXT records', () => {
    const t = parseMtaStsTxt(['google-site-verification=abc', 'v=STSv1; id=20240101T000000;']);
    expect(t).toMatchObject({ status: 'found', id: '20240101T000000' });
  });
  it('none without a v=STSv1 record', () => {
    expect(parseMtaStsTxt(['v=spf1 -all']).status).toBe('none');
    expect(parseMtaStsTxt([]).status).toBe('none');
  });
  it('invalid: two records, no id, a bad id, a field without =', () => {
    expect(parseMtaStsTxt(['v=STSv1; id=1', 'v=STSv1; id=2'])).toMatchObject({ status: 'invalid', error: expect.stringMatching(/2 records/) });
    expect(parseMtaStsTxt(['v=STSv1;'])).toMatchObject({ status: 'invalid', error: 'no id= field' });
    expect(parseMtaStsTxt(['v=STSv1; id=2024-01-01']).status).toBe('invalid');
    expect(parseMtaStsTxt([`v=STSv1; id=${'a'.repeat(33)}`]).status).toBe('invalid');
    expect(parseMtaStsTxt(['v=STSv1; id=1; junk']).status).toBe('invalid');
  });
});

describe('MTA-STS policy parser', () => {
  it('parses a CRLF policy', () => {
    const p = parseMtaStsPolicy(policy('enforce', ['mx1.example.test', '*.mail.example.test'], 86400 * 7));
    expect(p).toEqual({ version: 'STSv1', mode: 'enforce', maxAge: 604800, mx: ['mx1.example.test', '*.mail.example.test'], errors: [], warnings: [] });
  });
  it('accepts LF-only lines with a warning', () => {
    const p = parseMtaStsPolicy('version: STSv1\nmode: testing\nmx: mx1.example.test\nmax_age: 86400\n');
    expect(p.errors).toEqual([]);
    expect(p.warnings.join()).toMatch(/LF only/);
  });
  it('rejects a wrong version, an unknown mode, a bad or too large max_age, a bad mx, missing fields', () => {
    expect(parseMtaStsPolicy(policy('enforce', ['mx1.example.test']).replace('STSv1', 'STSv2')).errors.join()).toMatch(/version/);
    expect(parseMtaStsPolicy(policy('strict', ['mx1.example.test'])).errors.join()).toMatch(/mode "strict"/);
    expect(parseMtaStsPolicy(policy('enforce', ['mx1.example.test'], 31557601)).errors.join()).toMatch(/max_age/);
    expect(parseMtaStsPolicy(policy('enforce', ['mx1.example.test']).replace('604800', '-1')).errors.join()).toMatch(/max_age/);
    expect(parseMtaStsPolicy(policy('enforce', ['mx*.example.test'])).errors.join()).toMatch(/mx "mx\*\.example\.test"/);
    expect(parseMtaStsPolicy(policy('enforce', ['*.*.example.test'])).errors.join()).toMatch(/mx/);
    expect(parseMtaStsPolicy(policy('enforce', [])).errors).toEqual(['no "mx:" line']);
    expect(parseMtaStsPolicy('mode: enforce\r\n').errors).toEqual(['no "version: STSv1" line', 'no "max_age:" line', 'no "mx:" line']);
  });
  it('mode none needs no mx; unknown keys are extensions; duplicates and a short max_age warn', () => {
    expect(parseMtaStsPolicy(policy('none', [])).errors).toEqual([]);
    const p = parseMtaStsPolicy(policy('enforce', ['mx1.example.test'], 3600) + 'x_ext: 1\r\nmode: testing\r\n');
    expect(p.errors).toEqual([]);
    expect(p.mode).toBe('enforce');
    expect(p.warnings.some((w) => w.startsWith('mode appears more than once'))).toBe(true);
    expect(p.warnings.some((w) => w.includes('max_age 3600'))).toBe(true);
  });
});

describe('MTA-STS mx patterns (RFC 8461 §4.1)', () => {
  it.each([
    ['mx1.example.test', 'mx1.example.test', true],
    ['MX1.Example.Test.', 'mx1.example.test', true],
    ['mx1.example.test', '*.example.test', true],
    ['a.mx1.example.test', '*.example.test', false],
    ['example.test', '*.example.test', false],
    ['mx2.example.test', 'mx1.example.test', false],
    ['mx1.example.test.evil', '*.example.test', false],
  ])('%s vs %s → %s', (host, pattern, want) => {
    expect(mxMatches(host, pattern)).toBe(want);
  });
});

describe('TLS-RPT record', () => {
  it('valid with mailto: and https: destinations', () => {
    const r = parseTlsRpt('example.test', ['v=spf1 -all', 'v=TLSRPTv1; rua=mailto:tls@example.test,https://reports.example.test/tlsrpt']);
    expect(r).toMatchObject({ status: 'valid', rua: ['mailto:tls@example.test', 'https://reports.example.test/tlsrpt'], error: null });
  });
  it('none, several, no rua, a bad scheme', () => {
    expect(parseTlsRpt('example.test', []).status).toBe('none');
    expect(parseTlsRpt('example.test', ['v=TLSRPTv1; rua=mailto:a@b.test', 'v=TLSRPTv1; rua=mailto:c@d.test']).status).toBe('invalid');
    expect(parseTlsRpt('example.test', ['v=TLSRPTv1;']).error).toMatch(/no rua/);
    expect(parseTlsRpt('example.test', ['v=TLSRPTv1; rua=http://insecure.test/']).error).toMatch(/neither mailto: nor https:/);
  });
});

// Scan retries a busy host on the probe's typed `throttled` field (and a busy greeting code), never on finding ids.
import { describe, expect, it } from 'vitest';
import { isRateLimited, markRateLimited } from '../../src/scan/engine.js';
import type { HostResult } from '../../src/scan/types.js';

function result(banner: string | null, extra: Partial<HostResult> = {}): HostResult {
  return {
    host: 'mx.test',
    ip: '127.0.0.1',
    port: 25,
    mxPreference: 10,
    smtp: { banner, ehlo: [], starttls: 'failed' },
    tls: { versions: { SSLv3: null, 'TLSv1.0': null, 'TLSv1.1': null, 'TLSv1.2': null, 'TLSv1.3': null }, ciphers: {}, certificate: null },
    findings: [],
    verdict: 'inconclusive',
    elapsedMs: 1,
    ...extra,
  };
}

describe('scan: when a host is rate-limited', () => {
  it('the probe said throttled (a 421 to STARTTLS after a 220 greeting): retry', () => {
    expect(isRateLimited(result('220 mx.test ESMTP', { throttled: true }))).toBe(true);
  });

  it('a finding id alone decides nothing: the same result without the field is not retried', () => {
    const f = { id: 'smtp.throttled', severity: 'warning' as const, message: 'busy' };
    expect(isRateLimited(result('220 mx.test ESMTP', { findings: [f] }))).toBe(false);
  });

  it('a busy greeting code is retried; a 220 or a 554 refusal is not', () => {
    expect(isRateLimited(result('421 4.7.0 too many connections'))).toBe(true);
    expect(isRateLimited(result('450 4.7.1 try again'))).toBe(true);
    expect(isRateLimited(result('220 mx.test ESMTP'))).toBe(false);
    expect(isRateLimited(result('554 5.7.1 no mail from you'))).toBe(false);
  });

  it('a host recorded as staying busy stays marked throttled and inconclusive', () => {
    const r = markRateLimited(result('220 mx.test ESMTP', { throttled: true, verdict: 'pass' }), 3, 'en');
    expect(r.verdict).toBe('inconclusive');
    expect(r.throttled).toBe(true);
    expect(r.findings.map((f) => f.id)).toEqual(['scan.rate-limited']);
  });
});

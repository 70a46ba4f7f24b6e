// listen against more real senders — msmtp (GnuTLS), curl (OpenSSL) and gnutls-cli — each in a version it accepts
// and one it does not: the listener records what each offered and judges it as Exchange Online would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { EXCHANGE_ONLINE } from '../../src/policy/exchange-online.js';
import type { SessionRecord } from '../../src/listen/index.js';
import { curlSend, gnutlsHandshake, msmtpSend } from '../harness/clients.js';
import { startListener, type TestListener } from './helpers.js';

const have = (bin: string): boolean => existsSync(`/usr/bin/${bin}`);
const EO = [...EXCHANGE_ONLINE.tls12Suites, ...EXCHANGE_ONLINE.tls13Suites];

describe('listen (exchange-online) with msmtp, curl and gnutls-cli as senders', () => {
  let t: TestListener;
  beforeAll(async () => {
    t = await startListener({ policy: 'exchange-online', accept: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The next session record with this EHLO name (sessions of one sender never interleave here: one at a time). */
  const next = async (ehloPrefix: string | null): Promise<SessionRecord> => {
    let r: SessionRecord;
    do r = await t.next();
    while (ehloPrefix !== null && !(r.ehlo ?? '').startsWith(ehloPrefix));
    return r;
  };

  it.skipIf(!have('msmtp'))('msmtp (GnuTLS defaults): TLS 1.3 offered, delivered, pass', async () => {
    const run = await msmtpSend('127.0.0.1', t.port);
    const r = await next('msmtp');
    expect(run.code, run.output).toBe(0);
    expect(r).toMatchObject({ outcome: 'delivered', verdict: 'pass' });
    expect(r.clientHello?.versions).toContain('TLSv1.3');
    expect(EO).toContain(r.negotiated?.cipher);
  });

  it.skipIf(!have('msmtp'))('msmtp pinned to TLS 1.1: refused with protocol_version, fail', async () => {
    const run = await msmtpSend('127.0.0.1', t.port, { priorities: 'NORMAL:-VERS-ALL:+VERS-TLS1.1' });
    const r = await next('msmtp');
    expect(run.code).not.toBe(0);
    expect(r.clientHello?.maxVersion).toBe('TLSv1.1');
    expect(r).toMatchObject({ outcome: 'tls-refused', verdict: 'fail' });
  });

  it.skipIf(!have('curl'))('curl --tlsv1.2: delivered over TLS 1.2+ with an Exchange Online suite', async () => {
    const run = await curlSend('127.0.0.1', t.port);
    const r = await next('curl');
    expect(run.code, run.output).toBe(0);
    expect(r).toMatchObject({ outcome: 'delivered', verdict: 'pass' });
    expect(EO).toContain(r.negotiated?.cipher);
  });

  it.skipIf(!have('curl'))('curl --tls-max 1.0: refused, and the record says the hello offered TLS 1.0 only', async () => {
    const run = await curlSend('127.0.0.1', t.port, ['--tlsv1.0', '--tls-max', '1.0', '--ciphers', 'DEFAULT:@SECLEVEL=0']);
    const r = await next('curl');
    expect(run.code).not.toBe(0);
    expect(r.clientHello?.versions).toEqual(['TLSv1.0']);
    expect(r).toMatchObject({ outcome: 'tls-refused', verdict: 'fail' });
  });

  it.skipIf(!have('gnutls-cli'))('gnutls-cli --starttls-proto=smtp: TLS 1.3 handshake completes; TLS 1.0-only priority is refused', async () => {
    const ok = await gnutlsHandshake('127.0.0.1', t.port);
    const r1 = await next(null);
    expect(ok.ok, ok.output).toBe(true);
    expect(r1.negotiated?.version).toBe('TLSv1.3');
    expect(r1.verdict).toBe('pass');
    const old = await gnutlsHandshake('127.0.0.1', t.port, 'NORMAL:-VERS-ALL:+VERS-TLS1.0');
    const r2 = await next(null);
    expect(old.ok).toBe(false);
    expect(old.alert).toBe(70);
    expect(r2).toMatchObject({ outcome: 'tls-refused', verdict: 'fail' });
  });
});

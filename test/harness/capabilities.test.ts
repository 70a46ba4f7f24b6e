// The peers' capabilities: a swaks without TLS is named (with the Debian package to install) instead of timing out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { swaks, swaksTlsMissing, swaksTlsProblem } from './tools.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/harness/${name}`, import.meta.url), 'utf8');

describe('swaks --support', () => {
  it('without Net::SSLeay: the reason names the Debian package', () => {
    expect(swaksTlsProblem(fixture('swaks-support-no-ssleay.txt'))).toBe(
      'swaks cannot speak TLS (requires Net::SSLeay): install the Debian package libnet-ssleay-perl (npm run peers)',
    );
  });

  it('with Net::SSLeay: no problem', () => {
    expect(swaksTlsProblem(fixture('swaks-support-tls.txt'))).toBeNull();
  });

  it('output that does not mention TLS at all is a problem, not a pass', () => {
    expect(swaksTlsProblem('=== Basic AUTH supported\n')).toMatch(/does not list TLS.*libnet-ssleay-perl/);
    expect(swaksTlsProblem('')).toMatch(/libnet-ssleay-perl/);
  });

  it('the installed swaks speaks TLS (else every swaks-based test fails at once with the reason above)', async () => {
    const missing = await swaksTlsMissing();
    expect(missing).toBeNull();
    // And swaks() really starts a TLS session attempt: against a closed port it reports the connection, not TLS.
    const r = await swaks('127.0.0.1', 1, { timeoutSeconds: 5 });
    expect(r.tls).toBe(false);
    expect(r.transcript).toMatch(/connect|Connection refused/i);
  });
});

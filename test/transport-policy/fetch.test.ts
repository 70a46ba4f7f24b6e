// MTA-STS policy fetch against a loopback HTTPS server trusted through the test CA: success, redirects refused, status,
// size cap, untrusted or wrongly named certificates, a server that never answers, and the private-address guard.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fetchMtaStsPolicy, MTA_STS_LIMITS } from '../../src/probe/transport-policy/mta-sts.js';
import { startDns, type TestDns } from '../harness/dns.js';
import { leafFor, policy, servePolicy, startPolicyServer, type PolicyServer } from './helpers.js';

const certs = inject('certs');
const DOMAIN = 'example.test';
let stsCert: { certPem: string; keyPem: string };
let dns: TestDns;
const servers: PolicyServer[] = [];

beforeAll(async () => {
  stsCert = await leafFor(certs, `mta-sts.${DOMAIN}`);
  dns = await startDns({ zones: { [DOMAIN]: [{ name: 'mta-sts', type: 'A', address: '127.0.0.1' }] } });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await dns?.stop();
});

async function server(handler: Parameters<typeof startPolicyServer>[1], tls = stsCert): Promise<PolicyServer> {
  const s = await startPolicyServer(tls, handler);
  servers.push(s);
  return s;
}
const opts = (port: number, extra: Partial<Parameters<typeof fetchMtaStsPolicy>[1]> = {}) => ({
  ca: [certs.ca.certPem],
  resolver: dns.address,
  allowPrivate: true,
  port,
  ...extra,
});

describe('MTA-STS policy fetch (loopback HTTPS, test CA)', () => {
  it('fetches the policy by name (SNI, Host header, well-known path) through the loopback DNS', async () => {
    const body = policy('enforce', ['mx1.example.test']);
    const s = await server(servePolicy(body));
    const f = await fetchMtaStsPolicy(DOMAIN, opts(s.port));
    expect(f).toMatchObject({ ok: true, status: 200, contentType: 'text/plain', body, url: 'https://mta-sts.example.test/.well-known/mta-sts.txt' });
    expect(s.requests).toEqual([{ path: '/.well-known/mta-sts.txt', host: 'mta-sts.example.test' }]);
  });
  it('does not follow redirects', async () => {
    const target = await server(servePolicy(policy('enforce', ['mx1.example.test'])));
    const s = await server((_q, res) => {
      res.writeHead(301, { Location: `https://mta-sts.example.test:${target.port}/.well-known/mta-sts.txt` });
      res.end();
    });
    const f = await fetchMtaStsPolicy(DOMAIN, opts(s.port));
    expect(f).toMatchObject({ ok: false, status: 301, error: expect.stringMatching(/redirect.*must not follow/) });
    expect(target.requests).toHaveLength(0);
  });
  it('reports a non-200 status', async () => {
    const s = await server((_q, res) => {
      res.writeHead(404);
      res.end('not here');
    });
    expect(await fetchMtaStsPolicy(DOMAIN, opts(s.port))).toMatchObject({ ok: false, status: 404, error: 'HTTP 404' });
  });
  it('stops reading above 64 KiB', async () => {
    const s = await server((_q, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('x'.repeat(MTA_STS_LIMITS.maxPolicyBytes + 1));
    });
    expect(await fetchMtaStsPolicy(DOMAIN, opts(s.port))).toMatchObject({ ok: false, error: expect.stringMatching(/larger than 64 KiB/) });
  });
  it('refuses a certificate from a CA it was not given', async () => {
    const s = await server(servePolicy(policy('enforce', ['mx1.example.test'])));
    const f = await fetchMtaStsPolicy(DOMAIN, opts(s.port, { ca: [] }));
    expect(f.ok).toBe(false);
    expect(f.error).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify|self.signed/i);
  });
  it('refuses a trusted certificate issued for another name', async () => {
    const s = await server(servePolicy(policy('enforce', ['mx1.example.test'])), { certPem: certs.leaf.certPem, keyPem: certs.leaf.keyPem });
    const f = await fetchMtaStsPolicy(DOMAIN, opts(s.port));
    expect(f).toMatchObject({ ok: false, error: expect.stringMatching(/ERR_TLS_CERT_ALTNAME_INVALID/) });
  });
  it('gives up at the deadline when the server never answers', async () => {
    const s = await server(() => {
      /* never answers */
    });
    expect(await fetchMtaStsPolicy(DOMAIN, opts(s.port, { deadlineMs: 300 }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no complete answer within 0.3 s/),
    });
  });
  it('the name lookup of mta-sts.<domain> keeps to lookupTimeoutMs (the probe passes --timeout), not the resolver default of 5 s', async () => {
    const silent = await startDns({
      engine: 'responder',
      zones: { [DOMAIN]: [{ name: 'mta-sts', type: 'A', address: '127.0.0.1' }] },
      misbehave: [{ name: `mta-sts.${DOMAIN}`, do: 'silent' }],
    });
    try {
      const t = performance.now();
      const f = await fetchMtaStsPolicy(DOMAIN, { ...opts(1), resolver: silent.address, lookupTimeoutMs: 400 });
      const ms = performance.now() - t;
      expect(f).toMatchObject({ ok: false, error: expect.stringMatching(/mta-sts\.example\.test could not be looked up/) });
      // well under the 5 s the lookup would wait without it (no timing goal: the bound only shows which deadline held)
      expect(ms).toBeLessThan(4000);
    } finally {
      await silent.stop();
    }
  });
  it('does not connect to a loopback address without allowPrivate', async () => {
    const s = await server(servePolicy(policy('enforce', ['mx1.example.test'])));
    const f = await fetchMtaStsPolicy(DOMAIN, opts(s.port, { allowPrivate: false }));
    expect(f).toMatchObject({ ok: false, error: expect.stringMatching(/127\.0\.0\.1, a loopback address; not fetched/) });
    expect(s.requests).toHaveLength(0);
  });
  it('reports a policy host that does not exist', async () => {
    const f = await fetchMtaStsPolicy('nowhere.example.test', opts(1));
    expect(f).toMatchObject({ ok: false, error: expect.stringMatching(/mta-sts\.nowhere\.example\.test/) });
  });
});

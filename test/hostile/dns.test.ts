// probe against hostile DNS answers (case 5.1.15 of docs/hostile.md): MX records pointing at loopback,
// private, link-local and metadata addresses are refused by default and probed only with allowPrivate (loopback ones
// here; nothing leaves the machine); 500 MX records are capped; a CNAME loop and a null MX end cleanly.
import { afterAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/probe/probe.js';
import type { ProbeOptions } from '../../src/probe/types.js';
import { startDns, type DnsRecord, type TestDns } from '../harness/dns.js';
import { assertClean, hostileRow, saveRows } from './results.js';
import { hostileServer, type HostileServer } from './servers.js';

afterAll(() => saveRows('dns'));

const BOUND_MS = 8000;
const ids = (r: { findings: { id: string }[] }): string[] => r.findings.map((f) => f.id);

async function withDns<T>(records: DnsRecord[], body: (dns: TestDns, opts: ProbeOptions) => Promise<T>): Promise<T> {
  const dns = await startDns({ zones: { 'hostile.test': records }, engine: 'responder' });
  try {
    return await body(dns, { resolver: dns.address, timeoutMs: 500, hostDeadlineMs: 3000, dane: false, mtaSts: false, ehlo: 'probe.hostile.test' });
  } finally {
    await dns.stop();
  }
}

describe('§5.1.15 hostile DNS', () => {
  it('MX → loopback, RFC 1918, link-local/metadata, ::1, ULA: refused by default, with the address class', async () => {
    await hostileRow(
      '5.1.15',
      'MX → 127.0.0.1, 10.0.0.1, 192.168.1.1, 169.254.169.254, ::1, fd00::1: refused without allowPrivate',
      { deadlineMs: BOUND_MS },
      async (sub) => {
        const targets: [string, 'A' | 'AAAA', string, string][] = [
          ['lo', 'A', '127.0.0.1', 'loopback'],
          ['ten', 'A', '10.0.0.1', 'private'],
          ['home', 'A', '192.168.1.1', 'private'],
          ['meta', 'A', '169.254.169.254', 'link-local'],
          ['lo6', 'AAAA', '::1', 'loopback'],
          ['ula', 'AAAA', 'fd00::1', 'private'],
        ];
        const records: DnsRecord[] = targets.flatMap(([n, type, address], i): DnsRecord[] => [
          { type: 'MX', preference: 10 + i, exchange: `${n}.hostile.test` },
          { name: n, type, address } as DnsRecord,
        ]);
        await withDns(records, async (_dns, opts) => {
          const r = await sub('refused', () => probe('hostile.test', opts));
          assertClean(r);
          expect(r.hosts).toHaveLength(0);
          const refused = r.findings.filter((f) => f.id === 'dns.address-refused');
          expect(refused.map((f) => `${f.params?.ip} ${f.params?.class}`).sort()).toEqual(targets.map(([, , ip, cls]) => `${ip} ${cls}`).sort());
          expect(ids(r)).toContain('probe.nothing-tested');
          expect(r.verdict).toBe('inconclusive');
        });
      },
    );
  });

  it('the same loopback MX is probed with allowPrivate (and only loopback is used here)', async () => {
    const srv: HostileServer = await hostileServer({ ehlo: ['PIPELINING'] });
    try {
      await hostileRow('5.1.15', 'MX → 127.0.0.1 and ::1-free zone probed with allowPrivate', { deadlineMs: BOUND_MS }, async (sub) => {
        await withDns(
          [
            { type: 'MX', preference: 10, exchange: 'lo.hostile.test' },
            { name: 'lo', type: 'A', address: '127.0.0.1' },
          ],
          async (_dns, opts) => {
            const r = await sub('allowed', () => probe('hostile.test', { ...opts, allowPrivate: true, port: srv.port }));
            expect(r.hosts).toHaveLength(1);
            expect(r.hosts[0]).toMatchObject({ host: 'lo.hostile.test', ip: '127.0.0.1', port: srv.port });
            expect(ids(r.hosts[0]!)).toEqual(['starttls.not-offered']);
          },
        );
      });
    } finally {
      await srv.close();
    }
  });

  it('500 MX records: capped at 10 hosts, reported, and the probe ends within its deadline', async () => {
    const srv: HostileServer = await hostileServer({ ehlo: ['PIPELINING'] });
    try {
      await hostileRow(
        '5.1.15',
        '500 MX records (TCP fallback after truncation): capped at 10, with and without allowPrivate',
        { deadlineMs: BOUND_MS, memBudgetMiB: 64 },
        async (sub) => {
          const records: DnsRecord[] = [];
          for (let i = 0; i < 500; i++)
            records.push({ type: 'MX', preference: i, exchange: `mx${i}.hostile.test` }, { name: `mx${i}`, type: 'A', address: '127.0.0.1' });
          await withDns(records, async (dns, opts) => {
            const refused = await sub('refused', () => probe('hostile.test', opts));
            expect(refused.findings.find((f) => f.id === 'dns.mx-capped')?.params).toMatchObject({ total: 500, max: 10 });
            expect(refused.findings.filter((f) => f.id === 'dns.address-refused')).toHaveLength(10);
            expect(refused.hosts).toHaveLength(0);
            const allowed = await sub('allowed', () => probe('hostile.test', { ...opts, allowPrivate: true, port: srv.port }));
            expect(allowed.hosts.map((h) => h.host)).toEqual(Array.from({ length: 10 }, (_, i) => `mx${i}.hostile.test`));
            expect(allowed.hosts.every((h) => h.verdict === 'fail')).toBe(true);
            expect(dns.stats.tcp).toBeGreaterThan(0);
          });
        },
      );
    } finally {
      await srv.close();
    }
  });

  it('a CNAME loop and a null MX end cleanly', async () => {
    await hostileRow('5.1.15', 'CNAME loop behind the MX; null MX (0 .)', { deadlineMs: BOUND_MS }, async (sub) => {
      await withDns(
        [
          { type: 'MX', preference: 10, exchange: 'loop.hostile.test' },
          { name: 'loop', type: 'CNAME', target: 'loop2.hostile.test.' },
          { name: 'loop2', type: 'CNAME', target: 'loop.hostile.test.' },
        ],
        async (_dns, opts) => {
          const r = await sub('cname loop', () => probe('hostile.test', opts));
          assertClean(r);
          expect(r.hosts).toHaveLength(0);
          expect(r.findings.find((f) => f.id === 'dns.host-lookup-failed')?.params?.answers).toMatch(/CNAME loop/);
        },
      );
      await withDns([{ type: 'MX', preference: 0, exchange: '.' }], async (_dns, opts) => {
        const r = await sub('null MX', () => probe('hostile.test', opts));
        expect(r.resolution).toBe('null-mx');
        expect(ids(r)).toContain('dns.null-mx');
      });
    });
  });
});

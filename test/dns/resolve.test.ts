// The DNS stub against a responder that misbehaves per name and type, and against real dnsmasq: A and AAAA are judged
// apart, TC answers go to TCP, CNAMEs are followed and shown, NXDOMAIN and NODATA differ, deadlines hold.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dns, isResolverUnreachable } from '../../src/dns/resolve.js';
import { ask } from '../../src/dns/wire.js';
import { startDns, type DnsRecord, type MisbehaveRule, type TestDns } from '../harness/dns.js';
import { freeTcpPort } from '../harness/postfix.js';

const run = promisify(execFile);
const Z = 'misbehave.test';
const records: DnsRecord[] = [];
const rules: MisbehaveRule[] = [];
/** One host per case: an A record 127.0.0.1 (and ::1 where it says so), misbehaving for one type. */
const cases: [string, 'A' | 'AAAA', MisbehaveRule['do']][] = [
  ['servfail6', 'AAAA', 'servfail'],
  ['refused6', 'AAAA', 'refused'],
  ['silent6', 'AAAA', 'silent'],
  ['nodata6', 'AAAA', 'nodata'],
  ['garbage6', 'AAAA', 'garbage'],
  ['garbageid6', 'AAAA', 'garbage-id'],
  ['wrongq6', 'AAAA', 'wrong-question'],
  ['notimp6', 'AAAA', 'notimp'],
  ['tc4', 'A', 'truncate'],
  ['tcclose4', 'A', 'truncate-tcp-close'],
  ['servfail4', 'A', 'servfail'],
];
for (const [n, type, what] of cases) {
  records.push({ name: n, type: 'A', address: '127.0.0.1' }, { name: n, type: 'AAAA', address: '::1' });
  rules.push({ name: `${n}.${Z}`, type, do: what });
}
records.push(
  { name: 'both', type: 'A', address: '127.0.0.1' },
  { name: 'both', type: 'AAAA', address: '::1' },
  { name: 'alias', type: 'CNAME', target: `hop.${Z}.` },
  { name: 'hop', type: 'CNAME', target: `real.${Z}.` },
  { name: 'real', type: 'A', address: '127.0.0.2' },
  { name: 'loop1', type: 'CNAME', target: `loop2.${Z}.` },
  { name: 'loop2', type: 'CNAME', target: `loop1.${Z}.` },
  { name: 'noaddr', type: 'TXT', text: 'exists' },
  { name: 'dead4', type: 'A', address: '127.0.0.1' },
  { name: 'mxfail', type: 'MX', preference: 10, exchange: `both.${Z}` },
  { name: 'mxsilent', type: 'MX', preference: 10, exchange: `both.${Z}` },
  { name: 'mxcname', type: 'MX', preference: 10, exchange: `alias.${Z}` },
  { name: 'nomx', type: 'A', address: '127.0.0.1' },
);
rules.push(
  { name: `dead4.${Z}`, type: 'A', do: 'servfail' },
  { name: `dead4.${Z}`, type: 'AAAA', do: 'silent' },
  { name: `mxfail.${Z}`, type: 'MX', do: 'servfail' },
  { name: `mxsilent.${Z}`, type: 'MX', do: 'silent' },
);

let dns: TestDns;
let d: Dns;
beforeAll(async () => {
  dns = await startDns({ zones: { [Z]: records }, misbehave: rules });
  d = new Dns({ resolver: dns.address, timeoutMs: 600 });
});
afterAll(async () => {
  await dns?.stop();
});

describe('A and AAAA each on their own', () => {
  it.each([
    ['servfail6', 'servfail', 'SERVFAIL'],
    ['refused6', 'refused', 'REFUSED'],
    ['silent6', 'timeout', 'no answer within 0.6 s'],
    ['garbage6', 'malformed', 'answer with another query id'],
    ['garbageid6', 'malformed', 'unreadable answer'],
    ['wrongq6', 'malformed', 'answer to another question'],
    ['notimp6', 'rcode', 'NOTIMP'],
  ])('%s: the A address is kept, AAAA failed as %s', async (n, kind, answer) => {
    const a = await d.addresses(`${n}.${Z}`);
    expect(a.status).toBe('ok');
    expect(a.addresses).toEqual(['127.0.0.1']);
    expect(a.families.A.status).toBe('ok');
    expect(a.families.AAAA).toMatchObject({ status: 'failed', problem: { kind } });
    expect(a.families.AAAA.problem?.answer).toContain(answer);
  });

  it('AAAA NODATA is no problem at all: status nodata, no problem recorded', async () => {
    const a = await d.addresses(`nodata6.${Z}`);
    expect(a).toMatchObject({ status: 'ok', addresses: ['127.0.0.1'] });
    expect(a.families.AAAA).toMatchObject({ status: 'nodata', problem: null });
  });

  it('A SERVFAIL keeps the IPv6 address', async () => {
    const a = await d.addresses(`servfail4.${Z}`);
    expect(a.addresses).toEqual(['::1']);
    expect(a.families.A.problem).toMatchObject({ kind: 'servfail', answer: 'SERVFAIL' });
  });

  it('a truncated UDP answer is asked again over TCP', async () => {
    const before = dns.log.filter((l) => l === `A tc4.${Z} tcp`).length;
    const a = await d.addresses(`tc4.${Z}`);
    expect(a.addresses).toEqual(['127.0.0.1', '::1']);
    expect(dns.log.filter((l) => l === `A tc4.${Z} tcp`).length).toBe(before + 1);
    const raw = await ask(`tc4.${Z}`, 'A', { resolver: dns.address, timeoutMs: 600 });
    expect(raw.ok && raw.answer.transport).toBe('tcp');
  });

  it('truncated over UDP and TCP closed: failed as truncated, the AAAA address kept', async () => {
    const a = await d.addresses(`tcclose4.${Z}`);
    expect(a.addresses).toEqual(['::1']);
    expect(a.families.A.problem?.kind).toBe('truncated');
    expect(a.families.A.problem?.answer).toMatch(/truncated answer over UDP; over TCP: connection closed/);
  });

  it('both families failed: status failed (not none, not nxdomain)', async () => {
    const a = await d.addresses(`dead4.${Z}`);
    expect(a).toMatchObject({ status: 'failed', addresses: [] });
    expect([a.families.A.problem?.kind, a.families.AAAA.problem?.kind]).toEqual(['servfail', 'timeout']);
  });
});

describe('names, CNAMEs and MX', () => {
  it('NXDOMAIN and NODATA are told apart', async () => {
    expect((await d.addresses(`nowhere.${Z}`)).status).toBe('nxdomain');
    expect((await d.addresses(`noaddr.${Z}`)).status).toBe('none');
    expect(await d.mx(`nowhere.${Z}`)).toEqual({ kind: 'nxdomain' });
    expect(await d.mx(`nomx.${Z}`)).toEqual({ kind: 'none' });
  });

  it('a CNAME chain is followed and reported', async () => {
    const a = await d.addresses(`alias.${Z}`);
    expect(a).toMatchObject({ status: 'ok', addresses: ['127.0.0.2'], cnames: [`hop.${Z}`, `real.${Z}`] });
    expect(await d.mx(`mxcname.${Z}`)).toMatchObject({ kind: 'mx', hosts: [{ host: `alias.${Z}`, preference: 10 }] });
  });

  it('a CNAME loop ends as a failure, not a hang', async () => {
    const a = await d.addresses(`loop1.${Z}`);
    expect(a.status).toBe('failed');
    expect(a.families.A.problem?.kind).toBe('cname-loop');
  });

  it('MX SERVFAIL and an MX never answered are failed lookups with the answer', async () => {
    expect(await d.mx(`mxfail.${Z}`)).toEqual({ kind: 'failed', problem: { kind: 'servfail', answer: 'SERVFAIL' } });
    expect(await d.mx(`mxsilent.${Z}`)).toEqual({ kind: 'failed', problem: { kind: 'timeout', answer: 'no answer within 0.6 s' } });
  });

  it('UDP is sent again within the deadline (3 times by default) for a silent question', async () => {
    const before = dns.log.filter((l) => l === `MX mxsilent.${Z} udp`).length;
    await d.mx(`mxsilent.${Z}`);
    expect(dns.log.filter((l) => l === `MX mxsilent.${Z} udp`).length - before).toBe(3);
  });

  it('the system resolvers are tried in turn: a dead first one does not hide a working second one', async () => {
    const dead = await freeTcpPort('127.0.0.1');
    const child = (servers: string[]): Promise<{ addresses?: string[]; error?: string }> =>
      run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/system-resolvers.ts'), `both.${Z}`, ...servers]).then(
        (o) => JSON.parse(o.stdout) as { addresses?: string[]; error?: string },
      );
    expect(await child([`127.0.0.1:${dead}`, dns.address])).toEqual({ addresses: ['127.0.0.1', '::1'] });
    expect((await child([`127.0.0.1:${dead}`])).error).toMatch(/cannot reach the DNS server/);
  });

  it('a resolver address where nothing listens throws EDNS resolver-unreachable', async () => {
    const port = await freeTcpPort('127.0.0.1');
    const e = await new Dns({ resolver: `127.0.0.1:${port}`, timeoutMs: 2000 }).mx('example.test').catch((x: unknown) => x);
    expect(isResolverUnreachable(e)).toBe(true);
    expect((e as Error).message).toMatch(new RegExp(`cannot reach the DNS server 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
  });
});

describe('real dnsmasq without upstream (the issue as filed)', () => {
  let real: TestDns;
  beforeAll(async () => {
    real = await startDns({
      zones: {
        'example.test': [
          { type: 'MX', preference: 10, exchange: 'mx-lo.example.test' },
          { name: 'mx-lo', type: 'A', address: '127.0.0.1' },
        ],
      },
      engine: 'dnsmasq',
      dnsmasqAddress: true,
    });
  });
  afterAll(async () => {
    await real?.stop();
  });

  it('REFUSED for the AAAA of an address=-only name; the A address is kept', async () => {
    const a = await new Dns({ resolver: real.address, timeoutMs: 2000 }).addresses('mx-lo.example.test');
    expect(a).toMatchObject({ status: 'ok', addresses: ['127.0.0.1'] });
    expect(a.families.AAAA.problem).toEqual({ kind: 'refused', answer: 'REFUSED' });
  });
});

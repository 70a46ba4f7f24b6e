// The hosts file for host:port targets: parsed as the system resolver reads it (comments, aliases, case, IPv6, a size
// cap), and probe plans `localhost:25` and a name of the hosts file from it instead of asking DNS.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_HOSTS_BYTES, addressesInHosts, hostsFileAddresses } from '../../src/dns/hosts.js';
import { plan, probe } from '../../src/probe/probe.js';
import { hostileServer } from '../hostile/servers.js';

// Debian's default /etc/hosts (netbase/installer) plus lines of our own (invented: aliases, comments, case, repeats).
const DEBIAN = `127.0.0.1\tlocalhost
127.0.1.1\tbuild.example.test\tbuild

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
`;
const OURS = `${DEBIAN}10.0.0.25 MX1.Lan.Test mx1 # relay
10.0.0.26 mx1.lan.test.
10.0.0.25 mx1.lan.test
fe80::25 mx1.lan.test
not-an-ip mx2.lan.test
#10.0.0.27 mx2.lan.test
10.0.0.28
`;

async function tmpHosts(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mailtls-hosts-'));
  const f = join(dir, 'hosts');
  await writeFile(f, text);
  return f;
}

describe('hosts file', () => {
  it('names, aliases, case, trailing dots, IPv4 before IPv6, no repeats; comments and bad lines skipped', () => {
    expect(addressesInHosts(OURS, 'mx1.lan.test')).toEqual(['10.0.0.25', '10.0.0.26', 'fe80::25']);
    expect(addressesInHosts(OURS, 'MX1')).toEqual(['10.0.0.25']);
    expect(addressesInHosts(OURS, 'localhost')).toEqual(['127.0.0.1', '::1']);
    expect(addressesInHosts(OURS, 'ip6-loopback')).toEqual(['::1']);
    expect(addressesInHosts(OURS, 'mx2.lan.test')).toEqual([]);
    expect(addressesInHosts(OURS, 'lan.test')).toEqual([]);
  });

  it('reads a file, localhost without a line is loopback (RFC 6761), a missing file is empty, the cap holds', async () => {
    const f = await tmpHosts(OURS);
    expect(await hostsFileAddresses('build', f)).toEqual(['127.0.1.1']);
    expect(await hostsFileAddresses('nowhere.test', f)).toBeNull();
    expect(await hostsFileAddresses('mail.localhost', f)).toEqual(['127.0.0.1', '::1']);
    expect(await hostsFileAddresses('localhost', '/nonexistent/hosts')).toEqual(['127.0.0.1', '::1']);
    // a name past the cap is not read, and the line cut by the cap is dropped
    const pad = `${'#'.repeat(200)}\n`.repeat(Math.ceil(MAX_HOSTS_BYTES / 201));
    const big = await tmpHosts(`10.1.1.1 early.test\n${pad}10.1.1.2 late.test\n`);
    expect(await hostsFileAddresses('early.test', big)).toEqual(['10.1.1.1']);
    expect(await hostsFileAddresses('late.test', big)).toBeNull();
  });

  it('probe plans localhost:25 from the hosts file: a loopback address refused without --allow-private, not "does not exist"', async () => {
    const p = await plan('localhost:25', { hostsFile: '/nonexistent/hosts', resolver: '127.0.0.1:1', timeoutMs: 300 });
    expect(p.resolution).toBe('host');
    expect(p.findings.map((f) => f.id)).toEqual(['dns.address-refused', 'dns.address-refused']);
    expect(p.findings.map((f) => f.id)).not.toContain('dns.nxdomain');
  });

  it('probes a name of the hosts file at host:port (DNS never asked: the resolver does not exist)', async () => {
    const s = await hostileServer({ starttls: '454 4.7.0 no TLS today\r\n' });
    try {
      const f = await tmpHosts('127.0.0.1 relay.lan.test\n');
      const r = await probe(`relay.lan.test:${s.port}`, {
        hostsFile: f,
        allowPrivate: true,
        resolver: '127.0.0.1:1',
        timeoutMs: 1000,
        dane: false,
        mtaSts: false,
      });
      expect(r.resolution).toBe('host');
      expect(r.hosts.map((h) => [h.host, h.ip])).toEqual([['relay.lan.test', '127.0.0.1']]);
      expect(r.hosts[0]?.findings.map((x) => x.id)).toEqual(['starttls.refused']);
    } finally {
      await s.close();
    }
  });
});

// A loopback world for scan tests and the bench: STARTTLS servers on 127.0.4.x (child process) and DNS for N domains.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startDns, type DnsRecord, type TestDns } from '../harness/dns.js';
import { freePort } from './redis.js';

export interface ServerInfo {
  ip: string;
  kind: string;
}

export interface World {
  port: number;
  servers: ServerInfo[];
  domains: string[];
  dns: TestDns;
  stop(): Promise<void>;
}

/** Starts `count` servers in a child process; resolves with what they are. */
async function startServers(port: number, count: number): Promise<{ child: ChildProcess; servers: ServerInfo[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/servers.ts'), String(port), String(count)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const servers = await new Promise<ServerInfo[]>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (b: Buffer) => {
      buf += b.toString();
      const m = /READY (.*)\n/.exec(buf);
      if (m) resolve(JSON.parse(m[1] as string) as ServerInfo[]);
    });
    child.once('exit', (code) => reject(new Error(`loopback servers exited (${code})`)));
  });
  return { child, servers };
}

/**
 * `domains` domains d0.scan.test…: four in five use a shared provider host (mx.provN.scan.test), every fifth its own MX
 * host; every seventh has a backup MX at the next provider; two names do not exist. All addresses are 127.0.4.x.
 */
export async function startWorld(domains: number, servers = 36): Promise<World> {
  const port = await freePort();
  const { child, servers: info } = await startServers(port, servers);
  const ipOf = (i: number): string => (info[i % info.length] as ServerInfo).ip;
  const records: DnsRecord[] = [];
  const names: string[] = [];
  for (let k = 0; k < info.length; k++) records.push({ name: `mx.prov${k}`, type: 'A', address: ipOf(k) });
  for (let d = 0; d < domains; d++) {
    const dom = `d${d}`;
    names.push(`${dom}.scan.test`);
    const k = d % info.length;
    if (d % 5 !== 0) records.push({ name: dom, type: 'MX', preference: 10, exchange: `mx.prov${k}.scan.test` });
    else {
      records.push({ name: dom, type: 'MX', preference: 10, exchange: `mx.${dom}.scan.test` });
      records.push({ name: `mx.${dom}`, type: 'A', address: ipOf(k) });
    }
    if (d % 7 === 0) records.push({ name: dom, type: 'MX', preference: 20, exchange: `mx.prov${(k + 1) % info.length}.scan.test` });
  }
  names.push('missing1.scan.test', 'missing2.scan.test');
  const dns = await startDns({ zones: { 'scan.test': records }, engine: 'dnsmasq' });
  return {
    port,
    servers: info,
    domains: names,
    dns,
    async stop() {
      child.kill('SIGTERM');
      await dns.stop();
    },
  };
}

// Loopback DNS for tests: dnsmasq from a generated conf file, or an in-process dns-packet responder for what it can't do.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dnsPacket from 'dns-packet';
import { freeTcpPort, OWNER_FILE } from './postfix.js';

/** One record. `name` is relative to the zone apex (`@` or omitted = the apex) or absolute with a trailing dot. */
export type DnsRecord =
  | { name?: string; ttl?: number; type: 'A'; address: string }
  | { name?: string; ttl?: number; type: 'AAAA'; address: string }
  /** `exchange: '.'` with preference 0 is a null MX (RFC 7505). */
  | { name?: string; ttl?: number; type: 'MX'; preference: number; exchange: string }
  | { name?: string; ttl?: number; type: 'TXT'; text: string | string[] }
  | { name?: string; ttl?: number; type: 'CNAME'; target: string }
  /** `data`: certificate association data as hex. */
  | { name?: string; ttl?: number; type: 'TLSA'; usage: number; selector: number; matchingType: number; data: string };

export interface StartDnsOptions {
  /** Zone apex → records. */
  zones: Record<string, DnsRecord[]>;
  /** `dnsmasq`, `responder`, or `auto` (default): dnsmasq unless an option/record below needs the responder. */
  engine?: 'auto' | 'dnsmasq' | 'responder';
  /** Responder only: set the AD (authentic data) bit on every answer, as a validating resolver would. Default false. */
  authenticated?: boolean;
  /** Responder only: truncate (TC=1, no answers) every UDP answer, forcing clients to retry over TCP. */
  truncateUdp?: boolean;
  /** Responder only: UDP answers above this size are truncated (default: the client's EDNS size, else 512). */
  udpLimit?: number;
  /**
   * dnsmasq only: serve A/AAAA as `address=/name/ip` and leave the zones non-local, as a dnsmasq without upstream
   * is often set up: a question it has no local answer for (the AAAA of an A-only name) is then answered REFUSED.
   */
  dnsmasqAddress?: boolean;
  /** Responder only: misbehave for matching questions (first matching rule wins); see `Misbehaviour`. */
  misbehave?: MisbehaveRule[];
  host?: string;
}

/**
 * What the responder does with a question instead of answering it well:
 * `servfail` / `refused` / `notimp` / `formerr` that rcode, no records; `nodata` NOERROR, no records; `nxdomain`;
 * `silent` never answers (over UDP and TCP); `truncate` TC=1 and no records over UDP, the real answer over TCP;
 * `truncate-tcp-close` TC=1 over UDP and a TCP connection closed without an answer; `garbage` random bytes (not even
 * the query id); `garbage-id` the query id followed by bytes no DNS decoder accepts; `wrong-question` a well-formed
 * answer to another name.
 */
export type Misbehaviour =
  | 'servfail'
  | 'refused'
  | 'notimp'
  | 'formerr'
  | 'nodata'
  | 'nxdomain'
  | 'silent'
  | 'truncate'
  | 'truncate-tcp-close'
  | 'garbage'
  | 'garbage-id'
  | 'wrong-question';

export interface MisbehaveRule {
  /** Owner name (absolute, trailing dot optional); omitted = every name. */
  name?: string;
  /** Query type; omitted = every type. */
  type?: string;
  do: Misbehaviour;
}

export interface TestDns {
  /** `127.0.0.1:PORT`: what `--resolver` takes. */
  address: string;
  host: string;
  port: number;
  engine: 'dnsmasq' | 'responder';
  /** Queries answered so far per transport (responder only; dnsmasq reports zeros). */
  stats: { udp: number; tcp: number; truncated: number };
  /** Responder only: every question received, `TYPE name transport` (e.g. `AAAA mx.example.test udp`). */
  log: string[];
  stop(): Promise<void>;
}

const DEFAULT_TTL = 300;

function norm(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

function ownerName(rec: DnsRecord, apex: string): string {
  const a = norm(apex);
  const n = rec.name;
  if (n === undefined || n === '' || n === '@') return a;
  if (n.endsWith('.')) return norm(n);
  const l = n.toLowerCase();
  return l === a || l.endsWith(`.${a}`) ? l : `${l}.${a}`;
}

interface Owned {
  owner: string;
  apex: string;
  rec: DnsRecord;
}

function flatten(zones: Record<string, DnsRecord[]>): Owned[] {
  return Object.entries(zones).flatMap(([apex, recs]) => recs.map((rec) => ({ owner: ownerName(rec, apex), apex: norm(apex), rec })));
}

/** True when the zone data or options need the in-process responder. */
function needsResponder(opts: StartDnsOptions): boolean {
  if (opts.authenticated || opts.truncateUdp || opts.udpLimit !== undefined || (opts.misbehave?.length ?? 0) > 0) return true;
  return flatten(opts.zones).some(({ rec }) => rec.type === 'TLSA' || rec.type === 'CNAME' || (rec.type === 'MX' && norm(rec.exchange) === ''));
}

/** Starts a loopback DNS server for `zones`; `stop()` at teardown. */
export async function startDns(opts: StartDnsOptions): Promise<TestDns> {
  const engine = opts.engine === undefined || opts.engine === 'auto' ? (needsResponder(opts) ? 'responder' : 'dnsmasq') : opts.engine;
  return engine === 'dnsmasq' ? startDnsmasq(opts) : startResponder(opts);
}

/** A port free for both TCP and UDP on host. */
async function freeDnsPort(host: string): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await freeTcpPort(host);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => {
        s.close();
        resolve(false);
      });
      s.bind(port, host, () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port for DNS (TCP+UDP) on ' + host);
}

// ---------------------------------------------------------------------------------------------------------------
// dnsmasq

/** dnsmasq.conf lines for the zones (A/AAAA/MX/TXT; the apexes are local: unknown names get NXDOMAIN). */
export function dnsmasqConf(zones: Record<string, DnsRecord[]>, addressStyle = false): string {
  const lines: string[] = [];
  if (!addressStyle) for (const apex of Object.keys(zones)) lines.push(`local=/${norm(apex)}/`);
  for (const { owner, rec } of flatten(zones)) {
    switch (rec.type) {
      case 'A':
      case 'AAAA':
        lines.push(addressStyle ? `address=/${owner}/${rec.address}` : `host-record=${owner},${rec.address}`);
        break;
      case 'MX':
        lines.push(`mx-host=${owner},${norm(rec.exchange)},${rec.preference}`);
        break;
      case 'TXT': {
        const parts = Array.isArray(rec.text) ? rec.text : [rec.text];
        lines.push(`txt-record=${owner},${parts.map((p) => `"${p.replace(/["\\]/g, '\\$&')}"`).join(',')}`);
        break;
      }
      default:
        throw new Error(`dnsmasq cannot serve ${rec.type} here; use engine: 'responder'`);
    }
  }
  return lines.join('\n') + '\n';
}

async function startDnsmasq(opts: StartDnsOptions): Promise<TestDns> {
  const host = opts.host ?? '127.0.0.1';
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-dnsmasq-'));
  const conf = join(dir, 'dnsmasq.conf');
  writeFileSync(conf, dnsmasqConf(opts.zones, opts.dnsmasqAddress === true));
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`);
  let lastErr = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeDnsPort(host);
    const args = [
      '--keep-in-foreground',
      `--conf-file=${conf}`,
      `--port=${port}`,
      `--listen-address=${host}`,
      '--bind-interfaces',
      '--no-resolv',
      '--no-hosts',
      '--no-poll',
      '--pid-file=',
      '--log-facility=-',
      `--local-ttl=${DEFAULT_TTL}`,
      '--cache-size=0',
    ];
    if (process.getuid?.() === 0) args.push('--user=root', '--group=root');
    const child: ChildProcess = spawn('dnsmasq', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString();
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    const spawnErr = await new Promise<Error | null>((resolve) => {
      child.once('error', (e) => resolve(e));
      child.once('spawn', () => resolve(null));
    });
    if (spawnErr) throw new Error(`dnsmasq could not start: ${spawnErr.message} (run: npm run peers)`);
    if (child.pid) writeFileSync(join(dir, 'dnsmasq.pid'), `${child.pid}\n`); // for reapOrphans() if we die
    const kill = () => {
      if (!gone) child.kill('SIGTERM');
    };
    process.once('exit', kill);
    const firstApex = Object.keys(opts.zones)[0] ?? 'example.test';
    const deadline = Date.now() + 10_000;
    let up = false;
    while (!gone && Date.now() < deadline) {
      try {
        await queryDns(`${host}:${port}`, firstApex, 'SOA', { timeoutMs: 300 });
        up = true;
        break;
      } catch {
        await sleep(30);
      }
    }
    const stop = async () => {
      process.removeListener('exit', kill);
      kill();
      await Promise.race([exited, sleep(3000)]);
      if (!gone) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    };
    if (up) return { address: `${host}:${port}`, host, port, engine: 'dnsmasq', stats: { udp: 0, tcp: 0, truncated: 0 }, log: [], stop };
    lastErr = stderr;
    process.removeListener('exit', kill);
    kill();
    await Promise.race([exited, sleep(3000)]);
    if (!/in use/i.test(stderr)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`dnsmasq did not come up: ${lastErr.trim() || '(no output)'}`);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------
// In-process responder (dns-packet)

const RCODE = { NOERROR: 0, NXDOMAIN: 3, REFUSED: 5, FORMERR: 1 } as const;

function toAnswer(owner: string, rec: DnsRecord): dnsPacket.Answer {
  const base = { name: owner, ttl: rec.ttl ?? DEFAULT_TTL, class: 'IN' as const };
  switch (rec.type) {
    case 'A':
      return { ...base, type: 'A', data: rec.address };
    case 'AAAA':
      return { ...base, type: 'AAAA', data: rec.address };
    case 'MX':
      return { ...base, type: 'MX', data: { preference: rec.preference, exchange: norm(rec.exchange) } };
    case 'TXT':
      return { ...base, type: 'TXT', data: Array.isArray(rec.text) ? rec.text : [rec.text] };
    case 'CNAME':
      return { ...base, type: 'CNAME', data: norm(rec.target) };
    case 'TLSA':
      return {
        ...base,
        type: 'TLSA',
        data: { usage: rec.usage, selector: rec.selector, matchingType: rec.matchingType, certificate: Buffer.from(rec.data, 'hex') },
      };
  }
}

/** Builds the answer packet for one question. */
function answerFor(query: dnsPacket.Packet, records: Owned[], apexes: string[], opts: StartDnsOptions): dnsPacket.Packet {
  const q = query.questions?.[0];
  let flags = dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED);
  if (opts.authenticated) flags |= dnsPacket.AUTHENTIC_DATA;
  const reply: dnsPacket.Packet = { id: query.id ?? 0, type: 'response', flags, questions: q ? [q] : [], answers: [], authorities: [] };
  if (!q) return { ...reply, flags: flags | RCODE.FORMERR };
  let name = norm(q.name);
  const apex = apexes.filter((a) => name === a || name.endsWith(`.${a}`)).sort((a, b) => b.length - a.length)[0];
  if (!apex) return { ...reply, flags: (flags & ~dnsPacket.AUTHORITATIVE_ANSWER) | RCODE.REFUSED };
  const answers: dnsPacket.Answer[] = [];
  // Follow CNAMEs inside our zones (at most 8 hops).
  for (let hop = 0; hop < 8; hop++) {
    const here = records.filter((r) => r.owner === name);
    const direct = here.filter((r) => r.rec.type === q.type || (q.type as string) === 'ANY');
    if (direct.length > 0 || q.type === 'CNAME') {
      answers.push(...direct.map((r) => toAnswer(r.owner, r.rec)));
      break;
    }
    const cname = here.find((r) => r.rec.type === 'CNAME');
    if (!cname || cname.rec.type !== 'CNAME') break;
    answers.push(toAnswer(cname.owner, cname.rec));
    name = norm(cname.rec.target);
  }
  reply.answers = answers;
  if (answers.length === 0) {
    const exists = records.some((r) => r.owner === name || r.owner.endsWith(`.${name}`)) || name === apex;
    reply.authorities = [
      {
        name: apex,
        type: 'SOA',
        ttl: DEFAULT_TTL,
        class: 'IN',
        data: {
          mname: `ns.${apex}`,
          rname: `hostmaster.${apex}`,
          serial: 1,
          refresh: 3600,
          retry: 600,
          expire: 86400,
          minimum: 60,
        },
      },
    ];
    if (!exists) reply.flags = flags | RCODE.NXDOMAIN;
  }
  return reply;
}

function ednsSize(query: dnsPacket.Packet): number | null {
  const opt = query.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  return opt?.udpPayloadSize ?? null;
}

async function startResponder(opts: StartDnsOptions): Promise<TestDns> {
  const host = opts.host ?? '127.0.0.1';
  const records = flatten(opts.zones);
  const apexes = Object.keys(opts.zones).map(norm);
  const stats = { udp: 0, tcp: 0, truncated: 0 };
  const log: string[] = [];
  /** null: no answer; 'close': close the TCP connection without one. */
  const respond = (msg: Buffer, transport: 'udp' | 'tcp'): Buffer | null | 'close' => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return null;
    }
    if (query.type !== 'query') return null;
    stats[transport]++;
    const q0 = query.questions?.[0];
    if (q0 && log.length < 10_000) log.push(`${q0.type} ${norm(q0.name)} ${transport}`);
    const rule = q0
      ? opts.misbehave?.find((r) => (r.name === undefined || norm(r.name) === norm(q0.name)) && (r.type === undefined || r.type === q0.type))
      : undefined;
    const truncateThis = rule?.do === 'truncate' || rule?.do === 'truncate-tcp-close';
    if (rule && !truncateThis) {
      const base = answerFor(query, records, apexes, opts);
      const rc = (code: number): Buffer => dnsPacket.encode({ ...base, flags: ((base.flags ?? 0) & ~0xf) | code, answers: [], authorities: [] });
      switch (rule.do) {
        case 'servfail':
          return rc(2);
        case 'refused':
          return rc(5);
        case 'notimp':
          return rc(4);
        case 'formerr':
          return rc(1);
        case 'nxdomain':
          return rc(3);
        case 'nodata':
          return dnsPacket.encode({ ...base, flags: (base.flags ?? 0) & ~0xf, answers: [] });
        case 'silent':
          return null;
        case 'garbage':
          return Buffer.from('\x00\x01garbage that is no DNS message at all\r\n', 'latin1');
        case 'garbage-id': {
          const b = Buffer.alloc(40, 0xff);
          msg.copy(b, 0, 0, 2);
          return b;
        }
        case 'wrong-question':
          return dnsPacket.encode({ ...base, questions: [{ type: 'A', name: 'somewhere-else.invalid', class: 'IN' }] });
      }
    }
    if (transport === 'tcp' && rule?.do === 'truncate-tcp-close') return 'close';
    const reply = answerFor(query, records, apexes, opts);
    const full = dnsPacket.encode(reply);
    if (transport === 'tcp') return full;
    const limit = opts.udpLimit ?? Math.max(512, ednsSize(query) ?? 512);
    if (!opts.truncateUdp && !truncateThis && full.length <= limit) return full;
    stats.truncated++;
    return dnsPacket.encode({ ...reply, flags: (reply.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers: [], authorities: [] });
  };

  const port = await freeDnsPort(host);
  const udp: UdpSocket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  udp.on('message', (msg, rinfo) => {
    const out = respond(msg, 'udp');
    if (out && out !== 'close') udp.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, host, () => resolve());
  });
  const sockets = new Set<Socket>();
  const tcp: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.setTimeout(10_000, () => sock.destroy());
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length > 70_000) {
        sock.destroy();
        return;
      }
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const out = respond(buf.subarray(2, 2 + len), 'tcp');
        buf = buf.subarray(2 + len);
        if (out === 'close') {
          sock.destroy();
          return;
        }
        if (out) {
          const hdr = Buffer.alloc(2);
          hdr.writeUInt16BE(out.length);
          sock.write(Buffer.concat([hdr, out]));
        }
      }
    });
    sock.on('error', () => sock.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, () => resolve());
  });
  const stop = async () => {
    for (const s of sockets) s.destroy();
    await Promise.all([
      new Promise<void>((r) => tcp.close(() => r())),
      new Promise<void>((r) => {
        try {
          udp.close(() => r());
        } catch {
          r();
        }
      }),
    ]);
  };
  return { address: `${host}:${port}`, host, port, engine: 'responder', stats, log, stop };
}

// ---------------------------------------------------------------------------------------------------------------
// A tiny client, for tests that want to look at raw answers (flags, TC, record counts)

export interface DnsReply {
  rcode: number;
  flags: { aa: boolean; tc: boolean; ad: boolean };
  answers: dnsPacket.Answer[];
  transport: 'udp' | 'tcp';
}

/** Sends one query to `address` (host:port) over UDP (or TCP with `tcp: true`); no retry, no TC fallback. */
export async function queryDns(
  address: string,
  name: string,
  type: dnsPacket.RecordType,
  o: { tcp?: boolean; timeoutMs?: number; edns?: number } = {},
): Promise<DnsReply> {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  if (!m) throw new Error(`bad DNS address ${address}`);
  const [host, port] = [m[1]!, Number(m[2])];
  const id = Math.floor(Math.random() * 65535);
  const packet: dnsPacket.Packet = { type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] };
  if (o.edns)
    packet.additionals = [{ type: 'OPT', name: '.', udpPayloadSize: o.edns, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }];
  const msg = dnsPacket.encode(packet);
  const timeoutMs = o.timeoutMs ?? 3000;
  const raw = await new Promise<Buffer>((resolve, reject) => {
    if (o.tcp) {
      const s = connect({ host, port });
      let buf = Buffer.alloc(0);
      const t = setTimeout(() => {
        s.destroy();
        reject(new Error('DNS/TCP timeout'));
      }, timeoutMs);
      s.on('connect', () => {
        const hdr = Buffer.alloc(2);
        hdr.writeUInt16BE(msg.length);
        s.write(Buffer.concat([hdr, msg]));
      });
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          clearTimeout(t);
          s.destroy();
          resolve(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        }
      });
      s.on('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    } else {
      const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      const t = setTimeout(() => {
        s.close();
        reject(new Error('DNS/UDP timeout'));
      }, timeoutMs);
      s.on('message', (d) => {
        clearTimeout(t);
        s.close();
        resolve(d);
      });
      s.on('error', (e) => {
        clearTimeout(t);
        s.close();
        reject(e);
      });
      s.send(msg, port, host);
    }
  });
  const reply = dnsPacket.decode(raw);
  const f = reply.flags ?? 0;
  return {
    rcode: f & 0xf,
    flags: { aa: Boolean(f & dnsPacket.AUTHORITATIVE_ANSWER), tc: Boolean(f & dnsPacket.TRUNCATED_RESPONSE), ad: Boolean(f & dnsPacket.AUTHENTIC_DATA) },
    answers: reply.answers ?? [],
    transport: o.tcp ? 'tcp' : 'udp',
  };
}

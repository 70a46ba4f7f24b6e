// Test helpers for DANE/MTA-STS: extra certificates from the test CA, TLSA data via the openssl CLI, a loopback HTTPS policy server.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CertFiles, TestCerts } from '../harness/certs.js';

const run = promisify(execFile);

async function openssl(cwd: string, args: string[], input?: Buffer): Promise<Buffer> {
  if (input) {
    return new Promise((resolve, reject) => {
      const p = execFile('openssl', args, { cwd, encoding: 'buffer', env: { ...process.env, OPENSSL_CONF: '/dev/null' } }, (err, stdout, stderr) => {
        if (err) reject(new Error(`openssl ${args.join(' ')}: ${stderr.toString()}`));
        else resolve(stdout);
      });
      p.stdin?.end(input);
    });
  }
  const { stdout } = await run('openssl', args, { cwd, encoding: 'buffer', env: { ...process.env, OPENSSL_CONF: '/dev/null' } });
  return stdout;
}

/** A leaf for `name` signed by the harness test CA (RSA 2048, SHA-256, valid now): PEMs. */
export async function leafFor(certs: TestCerts, name: string): Promise<{ certPem: string; keyPem: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-dane-cert-'));
  writeFileSync(
    join(dir, 'ext.cnf'),
    `[ext]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${name}\n`,
  );
  await openssl(dir, ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-subj', `/CN=${name}`, '-out', 'leaf.csr']);
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    certs.ca.certPath,
    '-CAkey',
    certs.ca.keyPath,
    '-CAcreateserial',
    '-days',
    '30',
    '-sha256',
    '-extfile',
    'ext.cnf',
    '-extensions',
    'ext',
    '-out',
    'leaf.crt',
  ]);
  return { certPem: readFileSync(join(dir, 'leaf.crt'), 'utf8'), keyPem: readFileSync(join(dir, 'leaf.key'), 'utf8') };
}

/**
 * TLSA association data for a certificate, computed with the openssl CLI (independent of the code under test):
 * selector 0 = the certificate's DER, 1 = its SubjectPublicKeyInfo DER; matching type 0 = raw, 1 = SHA-256, 2 = SHA-512.
 */
export async function tlsaData(cert: CertFiles, selector: 0 | 1, matchingType: 0 | 1 | 2): Promise<string> {
  const dir = tmpdir();
  const der =
    selector === 0
      ? await openssl(dir, ['x509', '-in', cert.certPath, '-outform', 'DER'])
      : await openssl(dir, ['pkey', '-pubin', '-outform', 'DER'], await openssl(dir, ['x509', '-in', cert.certPath, '-pubkey', '-noout']));
  if (matchingType === 0) return der.toString('hex');
  return createHash(matchingType === 1 ? 'sha256' : 'sha512')
    .update(der)
    .digest('hex');
}

export interface PolicyServer {
  port: number;
  /** Requests seen (path and Host header). */
  requests: { path: string; host: string }[];
  stop(): Promise<void>;
}

/** A loopback HTTPS server for `https://mta-sts.<domain>/.well-known/mta-sts.txt`; `handler` answers every request. */
export async function startPolicyServer(
  tls: { certPem: string; keyPem: string; chainPem?: string },
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<PolicyServer> {
  const requests: PolicyServer['requests'] = [];
  const server: Server = createServer({ cert: tls.chainPem ?? tls.certPem, key: tls.keyPem }, (req, res) => {
    requests.push({ path: req.url ?? '', host: String(req.headers.host ?? '') });
    handler(req, res);
  });
  const sockets = new Set<import('node:stream').Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A handler serving one policy body as text/plain. */
export const servePolicy =
  (body: string) =>
  (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(body);
  };

/** A policy body with CRLF line ends. */
export function policy(mode: string, mx: string[], maxAge = 604800): string {
  return ['version: STSv1', `mode: ${mode}`, ...mx.map((m) => `mx: ${m}`), `max_age: ${maxAge}`].join('\r\n') + '\r\n';
}

/** A UDP DNS proxy in front of `upstream` that clears the AD bit on answers to the chosen query types (a half-signed world). */
export async function startAdStrippingProxy(upstream: string, clearFor: readonly string[]): Promise<{ address: string; stop(): Promise<void> }> {
  const { createSocket } = await import('node:dgram');
  const dnsPacket = await import('dns-packet');
  const [uh, up] = [upstream.slice(0, upstream.lastIndexOf(':')), Number(upstream.slice(upstream.lastIndexOf(':') + 1))];
  const front = createSocket('udp4');
  front.on('message', (msg, client) => {
    let type = '';
    try {
      type = dnsPacket.decode(msg).questions?.[0]?.type ?? '';
    } catch {
      return;
    }
    const back = createSocket('udp4');
    back.on('message', (answer) => {
      back.close();
      if (clearFor.includes(type) && answer.length >= 4) answer.writeUInt16BE(answer.readUInt16BE(2) & ~dnsPacket.AUTHENTIC_DATA, 2);
      front.send(answer, client.port, client.address);
    });
    back.send(msg, up, uh);
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', () => resolve()));
  return { address: `127.0.0.1:${front.address().port}`, stop: () => new Promise<void>((r) => front.close(() => r())) };
}

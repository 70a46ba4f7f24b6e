// startLabServers(): the lab's receivers on loopback ephemeral ports — listen() for everything it can stage, the
// broken-handshake server for the one thing it must not do — with in-process certificates (a lab CA, a valid leaf,
// an expired one, a self-signed one).
import { generateCertificate, type GeneratedCert } from '../tls/certs.js';
import { listen, type Listener, type ListenPolicyName, type VersionRange } from '../listen/index.js';
import { startBrokenHandshakeServer, type BrokenHandshakeServer } from './broken.js';
import { parseConnectorDomain } from '../policy/connectors.js';
import {
  LAB_SERVER_NAMES,
  SCENARIO_NAMES,
  type LabCertificate,
  type LabServerInfo,
  type LabServerName,
  type LabServerOptions,
  type ScenarioName,
} from './types.js';

/** The DNS suffix of every lab host name (RFC 2606 `.test`: never resolves on a real network). */
export const LAB_DOMAIN = 'lab.mailtls.test';

/** How each server is built. */
interface ServerSpec {
  engine: 'listen' | 'broken-handshake';
  policy: ListenPolicyName | null;
  tls: VersionRange | null;
  starttls: boolean;
  certificate: LabCertificate;
  /** Plays a certificate-based inbound connector for this -TlsSenderCertificateName (trusting the lab CA). */
  tlsSenderCertificateName?: string;
}

export const SERVER_SPECS: Record<LabServerName, ServerSpec> = {
  healthy: { engine: 'listen', policy: 'opportunistic', tls: { min: 'TLSv1.2', max: 'TLSv1.3' }, starttls: true, certificate: 'ca-signed' },
  'legacy-tls': { engine: 'listen', policy: 'opportunistic', tls: { min: 'TLSv1.0', max: 'TLSv1.1' }, starttls: true, certificate: 'ca-signed' },
  'broken-handshake': { engine: 'broken-handshake', policy: null, tls: null, starttls: true, certificate: 'none' },
  'no-starttls': { engine: 'listen', policy: 'opportunistic', tls: null, starttls: false, certificate: 'ca-signed' },
  'expired-certificate': { engine: 'listen', policy: 'opportunistic', tls: { min: 'TLSv1.2', max: 'TLSv1.3' }, starttls: true, certificate: 'expired' },
  'self-signed-certificate': { engine: 'listen', policy: 'opportunistic', tls: { min: 'TLSv1.2', max: 'TLSv1.3' }, starttls: true, certificate: 'self-signed' },
  'exchange-online': { engine: 'listen', policy: 'exchange-online', tls: null, starttls: true, certificate: 'ca-signed' },
  'exchange-server': { engine: 'listen', policy: 'exchange-server', tls: { min: 'TLSv1.2', max: 'TLSv1.3' }, starttls: true, certificate: 'ca-signed' },
  'exchange-online-connector': {
    engine: 'listen',
    policy: 'exchange-online',
    tls: null,
    starttls: true,
    certificate: 'ca-signed',
    tlsSenderCertificateName: `onprem.${LAB_DOMAIN}`,
  },
};

/** The server each scenario runs against. */
export const SCENARIO_SERVER: Record<ScenarioName, LabServerName> = {
  healthy: 'healthy',
  'legacy-tls': 'legacy-tls',
  'broken-handshake': 'broken-handshake',
  'no-starttls': 'no-starttls',
  'expired-certificate': 'expired-certificate',
  'self-signed-certificate': 'self-signed-certificate',
  'eo-sender-tls10': 'exchange-online',
  'eo-sender-no-starttls': 'exchange-online',
  'eo-sender-healthy': 'exchange-online',
  'onprem-sender-no-starttls': 'exchange-server',
  'outbound-connector-name-mismatch': 'healthy',
  'onprem-sender-no-client-certificate': 'exchange-online-connector',
};

/** One running lab server. */
export interface LabServer extends LabServerInfo {
  /** The receiver, for listen servers (iterate it for session records). */
  listener: Listener | null;
  broken: BrokenHandshakeServer | null;
}

/** The running lab: its servers, the lab CA (to trust the valid certificates), and close(). */
export interface LabServers {
  servers: LabServer[];
  /** PEM of the lab CA that signed the `ca-signed` and `expired` certificates. */
  caPem: string;
  get(name: LabServerName): LabServer;
  close(): Promise<void>;
}

/** The lab certificates, generated in parallel in-process (RSA: every Exchange Online suite is *_RSA_*). */
async function labCertificates(needed: ReadonlySet<LabCertificate>): Promise<{ ca: GeneratedCert; byKind: Partial<Record<LabCertificate, GeneratedCert>> }> {
  const day = 86_400_000;
  // The CA key is ECDSA (generated in milliseconds); the servers' keys are RSA, which takes the time.
  const ca = await generateCertificate({
    commonName: `mailtls lab CA (${LAB_DOMAIN})`,
    ca: true,
    key: 'ecdsa-p256',
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + 400 * day),
  });
  const name = `mx.${LAB_DOMAIN}`;
  const altNames = LAB_SERVER_NAMES.map(labHostname);
  const make = async (kind: LabCertificate): Promise<[LabCertificate, GeneratedCert] | null> => {
    if (!needed.has(kind)) return null;
    if (kind === 'ca-signed') return [kind, await generateCertificate({ commonName: name, altNames, issuer: ca })];
    if (kind === 'expired')
      return [
        kind,
        await generateCertificate({
          commonName: name,
          altNames,
          issuer: ca,
          notBefore: new Date(Date.now() - 400 * day),
          notAfter: new Date(Date.now() - 30 * day),
        }),
      ];
    // Self-signed the way `openssl req -x509` makes one (CA:TRUE, may sign itself): what most self-signed MTAs serve.
    if (kind === 'self-signed') return [kind, await generateCertificate({ commonName: name, ca: true })];
    return null;
  };
  const made = await Promise.all((['ca-signed', 'expired', 'self-signed'] as const).map(make));
  return { ca, byKind: Object.fromEntries(made.filter((x): x is [LabCertificate, GeneratedCert] => x !== null)) };
}

/** Host name of a lab server (greeting, EHLO reply). */
export function labHostname(name: LabServerName): string {
  return `${name}.${LAB_DOMAIN}`;
}

function endpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Starts the lab servers (default: all) on ephemeral ports; resolves once every one is bound. */
export async function startLabServers(opts: LabServerOptions = {}): Promise<LabServers> {
  const host = opts.host ?? '127.0.0.1';
  const names = LAB_SERVER_NAMES.filter((n) => !opts.servers || opts.servers.includes(n));
  const certs = await labCertificates(new Set(names.map((n) => SERVER_SPECS[n].certificate)));
  const started: LabServer[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.all(started.map((s) => (s.listener ? s.listener.close() : s.broken?.close())));
  };
  try {
    await Promise.all(
      names.map(async (name) => {
        const spec = SERVER_SPECS[name];
        const hostname = labHostname(name);
        const scenarios = SCENARIO_NAMES.filter((s) => SCENARIO_SERVER[s] === name);
        const base = {
          name,
          host,
          scenarios,
          engine: spec.engine,
          policy: spec.policy,
          tls: spec.tls,
          starttls: spec.starttls,
          certificate: spec.certificate,
          hostname,
        };
        if (spec.engine === 'broken-handshake') {
          const broken = await startBrokenHandshakeServer(host, 0, hostname);
          started.push({ ...base, port: broken.address.port, address: endpoint(host, broken.address.port), listener: null, broken });
          return;
        }
        const cert = certs.byKind[spec.certificate];
        if (!cert) throw new Error(`no lab certificate of kind ${spec.certificate}`);
        const listener = await listen({
          host,
          port: 0,
          hostname,
          policy: spec.policy ?? 'opportunistic',
          starttls: spec.starttls,
          ...(spec.tls ? { tls: spec.tls } : {}),
          cert: cert.chainPem,
          key: cert.keyPem,
          accept: opts.accept ?? true,
          lang: opts.lang ?? 'en',
          ...(spec.tlsSenderCertificateName
            ? {
                connector: {
                  tlsSenderCertificateName: parseConnectorDomain(spec.tlsSenderCertificateName)!,
                  restrictDomainsToCertificate: false,
                  ca: [certs.ca.certPem],
                  acceptedDomains: [],
                },
              }
            : {}),
        });
        started.push({ ...base, port: listener.address.port, address: endpoint(host, listener.address.port), listener, broken: null });
      }),
    );
  } catch (e) {
    await closeAll();
    throw e;
  }
  started.sort((a, b) => LAB_SERVER_NAMES.indexOf(a.name) - LAB_SERVER_NAMES.indexOf(b.name));
  return {
    servers: started,
    caPem: certs.ca.certPem,
    get(name) {
      const s = started.find((x) => x.name === name);
      if (!s) throw new Error(`lab server ${name} was not started`);
      return s;
    },
    close: closeAll,
  };
}

/** The plain-data view of a server (no live objects), for JSON and printing. */
export function serverInfo(s: LabServer): LabServerInfo {
  const { listener: _l, broken: _b, ...info } = s;
  return info;
}

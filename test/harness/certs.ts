// Test certificates generated at test time with the openssl CLI: a test CA and one leaf per certificate finding.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** One certificate (and its key) on disk and in memory. Plain strings only, so vitest's provide() can carry it. */
export interface CertFiles {
  /** Short id: `ca`, `leaf`, `expired`, `selfSignedOther`, `ecdsa`, `sha1`. */
  name: string;
  /** DNS name in CN and SAN. */
  subjectName: string;
  keyType: 'rsa2048' | 'ecdsa-p256';
  signatureHash: 'sha256' | 'sha1';
  selfSigned: boolean;
  notBefore: string;
  notAfter: string;
  certPath: string;
  keyPath: string;
  /** Leaf followed by the CA (what a server should send); for the CA and self-signed certs, the cert alone. */
  chainPath: string;
  certPem: string;
  keyPem: string;
  chainPem: string;
}

/** The whole set; `dir` holds every file plus `manifest.json`. */
export interface TestCerts {
  dir: string;
  /** Test CA, RSA 2048, SHA-256, CN "mailtls Test CA". */
  ca: CertFiles;
  /** mx1.example.test, RSA 2048, SHA-256, signed by the CA, valid now. */
  leaf: CertFiles;
  /** mx1.example.test, signed by the CA, expired 30 days ago. */
  expired: CertFiles;
  /** other.invalid, self-signed (so: wrong name and untrusted). */
  selfSignedOther: CertFiles;
  /** mx1.example.test, ECDSA P-256 key, signed by the CA. */
  ecdsa: CertFiles;
  /** mx1.example.test, RSA 2048, signature sha1WithRSAEncryption by the CA. */
  sha1: CertFiles;
}

export const TEST_HOSTNAME = 'mx1.example.test';
export const OTHER_HOSTNAME = 'other.invalid';
const MANIFEST = 'manifest.json';
const DAY = 86_400_000;

// The openssl CLI (on every Debian machine) rather than src/tls/certs.ts: the harness must not depend on the code
// under test, and `openssl ca` sets arbitrary validity dates and a SHA-1 signature without ceremony.
const CA_CNF = `[ca]
default_ca = testca
[testca]
dir = .
database = index.txt
serial = serial
new_certs_dir = issued
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
email_in_dn = no
[anything]
commonName = supplied
[leaf_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:${TEST_HOSTNAME}
authorityKeyIdentifier = keyid
[ec_leaf_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:${TEST_HOSTNAME}
authorityKeyIdentifier = keyid
`;

/** Runs openssl in `cwd`; rejects with its stderr. */
async function openssl(cwd: string, args: string[]): Promise<void> {
  try {
    await execFileAsync('openssl', args, { cwd, env: { ...process.env, OPENSSL_CONF: '/dev/null' } });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`openssl ${args.join(' ')} failed: ${err.stderr ?? err.message}`);
  }
}

/** openssl ca date format (UTCTime is fine until 2049). */
function caDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
}

const rsaKey = (cwd: string, name: string) => openssl(cwd, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`]);

/** Generates the set and writes it under `dir` (created if missing), with a manifest for later readers. */
export async function generateTestCerts(dir: string): Promise<TestCerts> {
  mkdirSync(join(dir, 'issued'), { recursive: true, mode: 0o755 });
  writeFileSync(join(dir, 'ca.cnf'), CA_CNF);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  const now = Date.now();
  // Key generation dominates; do it in parallel, then sign one by one (openssl ca keeps a database).
  await Promise.all([
    openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '3650',
      '-subj',
      '/O=mailtls tests/CN=mailtls Test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-addext',
      'subjectKeyIdentifier=hash',
    ]),
    rsaKey(dir, 'leaf'),
    rsaKey(dir, 'expired'),
    rsaKey(dir, 'sha1'),
    rsaKey(dir, 'selfSignedOther'),
    openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ecdsa.key']),
  ]);
  const sign = async (name: string, md: string, from: number, to: number, ext: string) => {
    await openssl(dir, ['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${TEST_HOSTNAME}`, '-out', `${name}.csr`]);
    await openssl(dir, [
      'ca',
      '-config',
      'ca.cnf',
      '-batch',
      '-notext',
      '-cert',
      'ca.crt',
      '-keyfile',
      'ca.key',
      '-md',
      md,
      '-startdate',
      caDate(from),
      '-enddate',
      caDate(to),
      '-extensions',
      ext,
      '-extfile',
      'ca.cnf',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.crt`,
    ]);
  };
  await sign('leaf', 'sha256', now - DAY, now + 365 * DAY, 'leaf_ext');
  await sign('expired', 'sha256', now - 400 * DAY, now - 30 * DAY, 'leaf_ext');
  await sign('sha1', 'sha1', now - DAY, now + 365 * DAY, 'leaf_ext');
  await sign('ecdsa', 'sha256', now - DAY, now + 365 * DAY, 'ec_leaf_ext');
  await openssl(dir, [
    'req',
    '-x509',
    '-key',
    'selfSignedOther.key',
    '-sha256',
    '-days',
    '365',
    '-subj',
    `/CN=${OTHER_HOSTNAME}`,
    '-addext',
    `subjectAltName=DNS:${OTHER_HOSTNAME}`,
    '-addext',
    'basicConstraints=critical,CA:FALSE',
    '-addext',
    'extendedKeyUsage=serverAuth,clientAuth',
    '-out',
    'selfSignedOther.crt',
  ]);

  const caPem = readFileSync(join(dir, 'ca.crt'), 'utf8');
  const specs: [keyof Omit<TestCerts, 'dir'>, string, CertFiles['keyType'], CertFiles['signatureHash'], boolean][] = [
    ['ca', 'mailtls Test CA', 'rsa2048', 'sha256', true],
    ['leaf', TEST_HOSTNAME, 'rsa2048', 'sha256', false],
    ['expired', TEST_HOSTNAME, 'rsa2048', 'sha256', false],
    ['selfSignedOther', OTHER_HOSTNAME, 'rsa2048', 'sha256', true],
    ['ecdsa', TEST_HOSTNAME, 'ecdsa-p256', 'sha256', false],
    ['sha1', TEST_HOSTNAME, 'rsa2048', 'sha1', false],
  ];
  const out: Partial<TestCerts> = { dir };
  for (const [id, subjectName, keyType, signatureHash, selfSigned] of specs) {
    const certPath = join(dir, `${id}.crt`);
    const keyPath = join(dir, `${id}.key`);
    const chainPath = join(dir, `${id}.chain.pem`);
    const certPem = readFileSync(certPath, 'utf8');
    const keyPem = readFileSync(keyPath, 'utf8');
    const chainPem = selfSigned ? certPem : certPem + caPem;
    writeFileSync(chainPath, chainPem);
    const x = new X509Certificate(certPem);
    out[id] = {
      name: id,
      subjectName,
      keyType,
      signatureHash,
      selfSigned,
      notBefore: new Date(x.validFrom).toISOString(),
      notAfter: new Date(x.validTo).toISOString(),
      certPath,
      keyPath,
      chainPath,
      certPem,
      keyPem,
      chainPem,
    };
  }
  const certs = out as TestCerts;
  writeFileSync(join(dir, MANIFEST), JSON.stringify(certs, null, 2));
  return certs;
}

/** Reads a set written by generateTestCerts, or null when `dir` holds none. */
export function readTestCerts(dir: string): TestCerts | null {
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as TestCerts;
}

/** Env var through which global-setup points worker processes at the run's certificate directory. */
export const CERT_DIR_ENV = 'MAILTLS_HARNESS_CERT_DIR';

let cached: Promise<TestCerts> | null = null;

/**
 * The run's certificates: the set global-setup made (via inject('certs') or $MAILTLS_HARNESS_CERT_DIR) when there is
 * one, else a set generated once per process into a temp dir that is removed at process exit.
 */
export function getTestCerts(): Promise<TestCerts> {
  if (cached) return cached;
  const fromEnv = process.env[CERT_DIR_ENV];
  const existing = fromEnv ? readTestCerts(fromEnv) : null;
  if (existing) {
    cached = Promise.resolve(existing);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-certs-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    cached = generateTestCerts(dir);
  }
  return cached;
}

// Input types of `mailtls report` (minimal structural views of the JSON contract, docs/json.md) and their validators.
import { MailtlsError } from '../errors.js';
import type { Params } from '../i18n/lang.js';
import type { Severity, Verdict } from '../findings/types.js';
import { parseInboundConnector, parseOutboundConnector, type ReportInboundConnector, type ReportOutboundConnector } from './connector.js';

export type ReportKind = 'probe' | 'listen' | 'registry' | 'logs' | 'scan' | 'explain' | 'lab';
export const REPORT_KINDS: readonly ReportKind[] = ['probe', 'listen', 'registry', 'logs', 'scan', 'explain', 'lab'];
export type { Verdict };

/** A finding as it appears in any JSON document (`params` lets a report re-render it in another language). */
export interface ReportFinding {
  id: string;
  severity: Severity;
  message: string;
  params?: Params;
}

/** `probe --json`. A version's value: true accepted, false refused, null could not tell. */
export interface ProbeDoc {
  target: string;
  verdict: Verdict;
  hosts: ProbeHost[];
  findings: ReportFinding[];
}
export interface ProbeHost {
  host: string;
  ip: string | null;
  port: number | null;
  mxPreference: number | null;
  smtp: { banner: string | null; starttls: string | null };
  versions: Record<string, boolean | null>;
  ciphers: Record<string, string[]>;
  certificate: ProbeCertificate | null;
  findings: ReportFinding[];
  verdict: Verdict;
  /** With --tls-settings: the outbound connector's judgement. */
  connector?: ReportOutboundConnector | null;
}
export interface ProbeCertificate {
  subject: string | null;
  sanNames: string[];
  notAfter: string | null;
  nameMatches: boolean | null;
  selfSigned: boolean | null;
}

/** One line of `listen --json`. */
export interface ListenSession {
  remote: string;
  clientHello: { versions: string[]; maxVersion: string | null; ciphers: string[]; sni: string | null } | null;
  negotiated: { version: string | null; cipher: string | null } | null;
  outcome: string;
  reply: string | null;
  verdict: Verdict;
  findings: ReportFinding[];
  /** With --tls-sender-certificate-name: the inbound connector's attribution. */
  connector?: ReportInboundConnector | null;
}
export interface ListenDoc {
  sessions: ListenSession[];
}

/** `registry --json`. Client/server/effective contents are open: rendered as given. */
export interface RegistryDoc {
  os: string | null;
  protocols: { name: string; client: unknown; server: unknown; effective: unknown }[];
  dotnet: unknown;
  findings: ReportFinding[];
}

/** `logs --json`. `days` (optional) feeds the "TLS versions per day" chart; see docs/report.md. */
export interface LogsDoc {
  files: number;
  fileNames: string[];
  lines: number | null;
  peers: LogsPeer[];
  days: { day: string; versions: Record<string, number>; failures: number }[];
  findings: ReportFinding[];
}
export interface LogsPeer {
  peer: string;
  /** EHLO/host name next to the IP, when the log has one. */
  name: string | null;
  direction: string | null;
  versions: Record<string, number>;
  failures: number;
  signatures: { name: string; count: number | null }[];
  firstSeen: string | null;
  lastSeen: string | null;
}

/** `scan` export (shape agreed in docs/report.md). */
export interface ScanDoc {
  total: number;
  verdicts: Record<Verdict, number>;
  topFailingProviders: { provider: string; count: number }[];
  domains: ScanDomain[];
}
export interface ScanDomain {
  domain: string;
  verdict: Verdict;
  mx: string[];
  findings: ReportFinding[];
}

/** `explain --json` (shape agreed in docs/report.md). */
export interface ExplainDoc {
  input: string;
  findings: ReportFinding[];
  next: string[];
}

export type TypedDoc =
  | { kind: 'probe'; doc: ProbeDoc }
  | { kind: 'listen'; doc: ListenDoc }
  | { kind: 'registry'; doc: RegistryDoc }
  | { kind: 'logs'; doc: LogsDoc }
  | { kind: 'scan'; doc: ScanDoc }
  | { kind: 'explain'; doc: ExplainDoc }
  | { kind: 'lab'; doc: LabDoc };

/** `lab --json`: each scenario with the diagnosis mailtls made of it and whether it was the expected one. */
export interface LabDoc {
  pass: boolean;
  elapsedMs: number;
  scenarios: LabScenarioDoc[];
}
export interface LabScenarioDoc {
  name: string;
  title: string;
  command: string;
  pass: boolean;
  verdict: Verdict;
  findings: ReportFinding[];
  missing: string[];
  fix: string | null;
  error: string | null;
}

// ---------------------------------------------------------------------------------------------- small validators

type Obj = Record<string, unknown>;

function bad(where: string, what: string): never {
  throw new MailtlsError('EINPUT', `${where} ${what}`, { where });
}
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function obj(v: unknown, where: string): Obj {
  return isObj(v) ? v : bad(where, 'must be an object');
}
function str(v: unknown, where: string): string {
  return typeof v === 'string' ? v : bad(where, 'must be a string');
}
function optStr(v: unknown, where: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return bad(where, 'must be a string');
}
function optNum(v: unknown, where: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return bad(where, 'must be a number');
}
function count(v: unknown, where: string): number {
  if (Array.isArray(v)) return v.length;
  const n = optNum(v, where);
  return n === null ? 0 : n;
}
function optBool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null;
}
function arr(v: unknown, where: string): unknown[] {
  return Array.isArray(v) ? v : bad(where, 'must be an array');
}
function optArr(v: unknown, where: string): unknown[] {
  return v === undefined || v === null ? [] : arr(v, where);
}
function strList(v: unknown, where: string): string[] {
  return optArr(v, where).map((x, i) => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : bad(`${where}[${i}]`, 'must be a string')));
}
function verdict(v: unknown, where: string): Verdict {
  return v === 'pass' || v === 'fail' || v === 'inconclusive' ? v : bad(where, 'must be "pass", "fail" or "inconclusive"');
}
function numMap(v: unknown, where: string): Record<string, number> {
  if (v === undefined || v === null) return {};
  const o = obj(v, where);
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(o)) out[k] = count(x, `${where}.${k}`);
  return out;
}

/** Validates a findings array; a missing array is empty. */
export function parseFindings(v: unknown, where: string): ReportFinding[] {
  return optArr(v, where).map((x, i) => {
    const w = `${where}[${i}]`;
    const o = obj(x, w);
    const sev = o.severity;
    if (sev !== 'error' && sev !== 'warning' && sev !== 'info') bad(`${w}.severity`, 'must be "error", "warning" or "info"');
    const f: ReportFinding = { id: str(o.id, `${w}.id`), severity: sev, message: optStr(o.message, `${w}.message`) ?? '' };
    if (isObj(o.params)) {
      const p: Params = {};
      for (const [k, pv] of Object.entries(o.params)) {
        if (pv === null || typeof pv === 'string' || typeof pv === 'number' || typeof pv === 'boolean') p[k] = pv;
      }
      f.params = p;
    }
    return f;
  });
}

// ---------------------------------------------------------------------------------------------- kind detection

function looksLikeSession(v: unknown): boolean {
  return isObj(v) && typeof v.remote === 'string' && ('outcome' in v || 'clientHello' in v || 'negotiated' in v);
}

/**
 * Which mailtls JSON document `doc` is. An explicit `kind` key wins; otherwise the contract's keys decide.
 * An array of sessions is `listen`. Throws EINPUT for anything else.
 */
export function detectKind(doc: unknown): ReportKind {
  if (Array.isArray(doc)) {
    if (doc.length > 0 && doc.every(looksLikeSession)) return 'listen';
    throw new MailtlsError('EINPUT', 'a JSON array is only understood as listen sessions (objects with "remote" and "outcome")');
  }
  if (!isObj(doc)) throw new MailtlsError('EINPUT', 'not a mailtls JSON document: expected an object');
  if (typeof doc.kind === 'string' && (REPORT_KINDS as readonly string[]).includes(doc.kind)) return doc.kind as ReportKind;
  if (Array.isArray(doc.hosts) && 'target' in doc) return 'probe';
  if (looksLikeSession(doc)) return 'listen';
  if (isObj(doc.protocols)) return 'registry';
  if (Array.isArray(doc.peers)) return 'logs';
  if (isObj(doc.summary) && ('domains' in doc || 'verdicts' in doc.summary)) return 'scan';
  if (Array.isArray(doc.findings) && (typeof doc.input === 'string' || typeof doc.text === 'string')) return 'explain';
  if (Array.isArray(doc.scenarios) && typeof doc.pass === 'boolean') return 'lab';
  throw new MailtlsError(
    'EINPUT',
    'not a mailtls probe, listen, registry, logs, scan or explain JSON document ' +
      '(expected "hosts", "remote", "protocols", "peers", "summary"+"domains" or "input"+"findings")',
  );
}

// ---------------------------------------------------------------------------------------------- per kind

export function parseProbe(v: unknown): ProbeDoc {
  const o = obj(v, 'probe');
  const hosts = arr(o.hosts, 'probe.hosts').map((h, i): ProbeHost => {
    const w = `probe.hosts[${i}]`;
    const ho = obj(h, w);
    const smtp = isObj(ho.smtp) ? ho.smtp : {};
    const tls = isObj(ho.tls) ? ho.tls : {};
    const versions: Record<string, boolean | null> = {};
    if (tls.versions !== undefined && tls.versions !== null) {
      for (const [k, x] of Object.entries(obj(tls.versions, `${w}.tls.versions`))) versions[k] = optBool(x);
    }
    const ciphers: Record<string, string[]> = {};
    if (isObj(tls.ciphers)) for (const [k, x] of Object.entries(tls.ciphers)) ciphers[k] = strList(x, `${w}.tls.ciphers.${k}`);
    let certificate: ProbeCertificate | null = null;
    if (isObj(tls.certificate)) {
      const c = tls.certificate;
      certificate = {
        subject: optStr(c.subject, `${w}.tls.certificate.subject`),
        sanNames: strList(c.sanNames, `${w}.tls.certificate.sanNames`),
        notAfter: optStr(c.notAfter, `${w}.tls.certificate.notAfter`),
        nameMatches: optBool(c.nameMatches),
        selfSigned: optBool(c.selfSigned),
      };
    }
    return {
      host: str(ho.host, `${w}.host`),
      ip: optStr(ho.ip, `${w}.ip`),
      port: optNum(ho.port, `${w}.port`),
      mxPreference: optNum(ho.mxPreference, `${w}.mxPreference`),
      smtp: { banner: optStr(smtp.banner, `${w}.smtp.banner`), starttls: optStr(smtp.starttls, `${w}.smtp.starttls`) },
      versions,
      ciphers,
      certificate,
      findings: parseFindings(ho.findings, `${w}.findings`),
      verdict: verdict(ho.verdict, `${w}.verdict`),
      connector: parseOutboundConnector(ho.connector, `${w}.connector`),
    };
  });
  return { target: str(o.target, 'probe.target'), verdict: verdict(o.verdict, 'probe.verdict'), hosts, findings: parseFindings(o.findings, 'probe.findings') };
}

export function parseListenSession(v: unknown, where = 'listen session'): ListenSession {
  const o = obj(v, where);
  let clientHello: ListenSession['clientHello'] = null;
  if (isObj(o.clientHello)) {
    const c = o.clientHello;
    clientHello = {
      versions: strList(c.versions, `${where}.clientHello.versions`),
      maxVersion: optStr(c.maxVersion, `${where}.clientHello.maxVersion`),
      ciphers: strList(c.ciphers, `${where}.clientHello.ciphers`),
      sni: optStr(c.sni, `${where}.clientHello.sni`),
    };
  }
  let negotiated: ListenSession['negotiated'] = null;
  if (isObj(o.negotiated)) {
    negotiated = { version: optStr(o.negotiated.version, `${where}.negotiated.version`), cipher: optStr(o.negotiated.cipher, `${where}.negotiated.cipher`) };
  }
  return {
    remote: str(o.remote, `${where}.remote`),
    clientHello,
    negotiated,
    outcome: optStr(o.outcome, `${where}.outcome`) ?? '',
    reply: optStr(o.reply, `${where}.reply`),
    verdict: verdict(o.verdict, `${where}.verdict`),
    findings: parseFindings(o.findings, `${where}.findings`),
    connector: parseInboundConnector(o.connector, `${where}.connector`),
  };
}

export function parseRegistry(v: unknown): RegistryDoc {
  const o = obj(v, 'registry');
  const protocols = Object.entries(obj(o.protocols, 'registry.protocols')).map(([name, p]) => {
    const po = obj(p, `registry.protocols.${name}`);
    return { name, client: po.client ?? null, server: po.server ?? null, effective: po.effective ?? null };
  });
  let os: string | null = null;
  if (typeof o.os === 'string') os = o.os;
  else if (isObj(o.os))
    os = Object.values(o.os)
      .filter((x) => typeof x === 'string' || typeof x === 'number')
      .join(' ');
  return { os, protocols, dotnet: o.dotnet ?? null, findings: parseFindings(o.findings, 'registry.findings') };
}

export function parseLogs(v: unknown): LogsDoc {
  const o = obj(v, 'logs');
  const fileNames = Array.isArray(o.files)
    ? o.files.map((f) => (typeof f === 'string' ? f : isObj(f) && typeof f.path === 'string' ? f.path : '')).filter(Boolean)
    : [];
  const peers = arr(o.peers, 'logs.peers').map((p, i): LogsPeer => {
    const w = `logs.peers[${i}]`;
    const po = obj(p, w);
    let signatures: LogsPeer['signatures'] = [];
    if (Array.isArray(po.signatures)) {
      signatures = po.signatures.map((s, j) => {
        if (typeof s === 'string') return { name: s, count: null };
        const so = obj(s, `${w}.signatures[${j}]`);
        return { name: optStr(so.id ?? so.signature ?? so.name, `${w}.signatures[${j}].id`) ?? '?', count: optNum(so.count, `${w}.signatures[${j}].count`) };
      });
    } else if (isObj(po.signatures)) {
      signatures = Object.entries(po.signatures).map(([name, c]) => ({ name, count: count(c, `${w}.signatures.${name}`) }));
    }
    return {
      peer: str(po.peer, `${w}.peer`),
      name: optStr(po.name, `${w}.name`) || null,
      direction: optStr(po.direction, `${w}.direction`),
      versions: numMap(po.versions, `${w}.versions`),
      failures: count(po.failures, `${w}.failures`),
      signatures,
      firstSeen: optStr(po.firstSeen, `${w}.firstSeen`),
      lastSeen: optStr(po.lastSeen, `${w}.lastSeen`),
    };
  });
  const days = optArr(o.days, 'logs.days').map((d, i) => {
    const dobj = obj(d, `logs.days[${i}]`);
    return {
      day: str(dobj.day ?? dobj.date, `logs.days[${i}].day`),
      versions: numMap(dobj.versions, `logs.days[${i}].versions`),
      failures: count(dobj.failures, `logs.days[${i}].failures`),
    };
  });
  // The logs engine's own per-day form: "series": { "2024-05-14": { "TLSv1.2": 402, "none": 3, "failed": 2, "unknown": 1 } }.
  if (days.length === 0 && isObj(o.series)) {
    for (const [day, v] of Object.entries(o.series)) {
      const m = numMap(v, `logs.series.${day}`);
      const versions: Record<string, number> = {};
      for (const [k, n] of Object.entries(m)) if (k !== 'none' && k !== 'failed' && k !== 'unknown') versions[k] = n;
      days.push({ day, versions, failures: m.failed ?? 0 });
    }
  }
  return {
    files: Array.isArray(o.files) ? o.files.length : count(o.files, 'logs.files'),
    fileNames,
    lines: optNum(o.lines, 'logs.lines'),
    peers,
    days,
    findings: parseFindings(o.findings, 'logs.findings'),
  };
}

export function parseScan(v: unknown): ScanDoc {
  const o = obj(v, 'scan');
  const s = obj(o.summary, 'scan.summary');
  const vs = isObj(s.verdicts) ? s.verdicts : {};
  const domains = optArr(o.domains, 'scan.domains').map((d, i): ScanDomain => {
    const w = `scan.domains[${i}]`;
    const dobj = obj(d, w);
    const mx = optArr(dobj.mx, `${w}.mx`).map((m, j) =>
      typeof m === 'string'
        ? m
        : isObj(m) && typeof (m.host ?? m.exchange) === 'string'
          ? String(m.host ?? m.exchange)
          : bad(`${w}.mx[${j}]`, 'must be a host name or {host}'),
    );
    return {
      domain: str(dobj.domain, `${w}.domain`),
      verdict: verdict(dobj.verdict, `${w}.verdict`),
      mx,
      findings: parseFindings(dobj.findings, `${w}.findings`),
    };
  });
  const verdicts: Record<Verdict, number> = {
    pass: count(vs.pass, 'scan.summary.verdicts.pass'),
    fail: count(vs.fail, 'scan.summary.verdicts.fail'),
    inconclusive: count(vs.inconclusive, 'scan.summary.verdicts.inconclusive'),
  };
  if (!isObj(s.verdicts) && domains.length > 0) for (const d of domains) verdicts[d.verdict]++;
  const topFailingProviders = optArr(s.topFailingProviders, 'scan.summary.topFailingProviders').map((p, i) => {
    const po = obj(p, `scan.summary.topFailingProviders[${i}]`);
    return {
      provider: str(po.provider, `scan.summary.topFailingProviders[${i}].provider`),
      count: count(po.count, `scan.summary.topFailingProviders[${i}].count`),
    };
  });
  const total = optNum(s.total, 'scan.summary.total') ?? verdicts.pass + verdicts.fail + verdicts.inconclusive;
  return { total, verdicts, topFailingProviders, domains };
}

export function parseExplain(v: unknown): ExplainDoc {
  const o = obj(v, 'explain');
  return {
    input: optStr(o.input ?? o.text, 'explain.input') ?? '',
    findings: parseFindings(o.findings, 'explain.findings'),
    next: typeof o.next === 'string' ? [o.next] : strList(o.next, 'explain.next'),
  };
}

export function parseLab(v: unknown): LabDoc {
  const o = obj(v, 'lab');
  const scenarios = arr(o.scenarios, 'lab.scenarios').map((x, i) => {
    const where = `lab.scenarios[${i}]`;
    const so = obj(x, where);
    const observed = obj(so.observed, `${where}.observed`);
    const fix = so.fix === null || so.fix === undefined ? null : obj(so.fix, `${where}.fix`);
    return {
      name: str(so.name, `${where}.name`),
      title: optStr(so.title, `${where}.title`) ?? '',
      command: optStr(so.command, `${where}.command`) ?? '',
      pass: so.pass === true,
      verdict: verdict(observed.verdict, `${where}.observed.verdict`),
      findings: parseFindings(observed.findings, `${where}.observed.findings`),
      missing: strList(so.missing ?? [], `${where}.missing`),
      fix: fix ? optStr(fix.text, `${where}.fix.text`) : null,
      error: optStr(so.error, `${where}.error`),
    };
  });
  return { pass: o.pass === true, elapsedMs: optNum(o.elapsedMs, 'lab.elapsedMs') ?? 0, scenarios };
}

/** Detects and validates one document. Listen sessions come back one per call (the renderer groups them). */
export function parseDoc(v: unknown): TypedDoc {
  const kind = detectKind(v);
  switch (kind) {
    case 'probe':
      return { kind, doc: parseProbe(v) };
    case 'listen': {
      const list = Array.isArray(v) ? v : isObj(v) && Array.isArray(v.sessions) ? v.sessions : [v];
      return { kind, doc: { sessions: list.map((s, i) => parseListenSession(s, `listen session ${i + 1}`)) } };
    }
    case 'registry':
      return { kind, doc: parseRegistry(v) };
    case 'logs':
      return { kind, doc: parseLogs(v) };
    case 'scan':
      return { kind, doc: parseScan(v) };
    case 'explain':
      return { kind, doc: parseExplain(v) };
    case 'lab':
      return { kind, doc: parseLab(v) };
  }
}

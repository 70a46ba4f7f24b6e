// runLab(): starts the lab servers, runs each scenario's mailtls command against them (probe for receivers, listen +
// real senders for senders), and checks that mailtls diagnosed what the scenario stages.
import { entry, finding, text as ui } from './messages.js';
import type { Finding } from '../findings/types.js';
import type { Lang } from '../i18n/lang.js';
import { probe, type HostResult } from '../probe/index.js';
import type { SessionRecord } from '../listen/index.js';
import { protocolKey, renderFixReg } from '../registry/index.js';
import { scenarioSpec, SCENARIOS, type ScenarioSpec } from './scenarios.js';
import { runSender, type SenderRun } from './senders.js';
import { startLabServers, SCENARIO_SERVER, type LabServer, type LabServers } from './servers.js';
import {
  SCENARIO_NAMES,
  type LabFix,
  type LabOptions,
  type LabResult,
  type LabScenarioResult,
  type LabString,
  type LabVerdict,
  type ScenarioName,
} from './types.js';
import { tlsReason } from '../tls/reason.js';

/** Deadline for one scenario: a lab server that hangs must not hang the lab. */
const SCENARIO_TIMEOUT_MS = 20_000;
/** How long the receiver may take to report a session after its sender finished. */
const SESSION_WAIT_MS = 5_000;

/** The .reg lines that turn TLS 1.2 on for one SCHANNEL side, as `mailtls registry --fix-reg` writes them. */
export function tls12RegistryLines(side: 'client' | 'server'): string[] {
  const path = protocolKey('TLS 1.2', side);
  const because = side === 'client' ? 'registry.tls12-client-disabled' : 'registry.tls12-server-disabled';
  const text = renderFixReg([
    { path, name: 'DisabledByDefault', kind: 'dword', dword: 0, because: [because] },
    { path, name: 'Enabled', kind: 'dword', dword: 1, because: [because] },
  ]);
  const lines = text.split('\r\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('['))).filter((l) => l !== '');
}

function fixFor(s: ScenarioSpec, lang: Lang): LabFix | null {
  const fromCatalog = s.fixFrom ? entry(s.fixFrom)?.fix?.[lang] : undefined;
  const own = `lab.fix.${s.name}`;
  let text: string | null = fromCatalog ?? null;
  if (!text && (s.name === 'broken-handshake' || s.name === 'self-signed-certificate')) text = ui(own, lang);
  if (!text) return null;
  return { text, registry: s.registrySide ? tls12RegistryLines(s.registrySide) : [], next: s.next };
}

/** Compares what was observed with what the scenario expects; returns what is missing (empty = reproduced). */
export function judge(s: ScenarioSpec, observed: LabScenarioResult['observed'], strings: readonly LabString[]): string[] {
  const missing: string[] = [];
  const ids = new Set(observed.findings.map((f) => f.id));
  for (const id of s.expected.findings) if (!ids.has(id)) missing.push(`finding ${id}`);
  for (const f of observed.findings) {
    if (f.severity === 'error' && !s.expected.findings.includes(f.id)) missing.push(`no unexpected error (got ${f.id})`);
  }
  if (observed.verdict !== s.expected.verdict) missing.push(`verdict ${s.expected.verdict} (got ${observed.verdict})`);
  if (s.expected.outcome && observed.outcome !== s.expected.outcome) missing.push(`outcome ${s.expected.outcome} (got ${observed.outcome ?? 'none'})`);
  for (const t of s.expected.strings) if (!strings.some((x) => x.observed && x.text.includes(t))) missing.push(`"${t}"`);
  return missing;
}

/** Receiver scenarios: `mailtls probe ip:port --allow-private` with the lab CA trusted. */
async function probeScenario(
  s: ScenarioSpec,
  server: LabServer,
  lab: LabServers,
  lang: Lang,
  signal?: AbortSignal,
): Promise<Pick<LabScenarioResult, 'command' | 'observed' | 'strings'>> {
  const r = await probe(server.address, {
    allowPrivate: true,
    extraCa: [lab.caPem],
    lang,
    timeoutMs: 5000,
    hostDeadlineMs: SCENARIO_TIMEOUT_MS - 2000,
    ehlo: 'probe.lab.mailtls.test',
    ...(signal ? { signal } : {}),
    ...(s.connector ? { connector: s.connector } : {}),
  });
  const host = r.hosts[0] as HostResult | undefined;
  const findings: Finding[] = [...r.findings, ...(host?.findings ?? [])].filter((f) => f.severity !== 'info' || s.expected.findings.includes(f.id));
  const strings: LabString[] = [];
  if (host?.smtp.starttls === 'not-offered' && host.smtp.ehlo.length > 0)
    strings.push({ side: 'receiver', where: 'ehlo', text: host.smtp.ehlo.join(' / '), observed: true });
  const hs = host?.findings.find((f) => f.id === 'tls.handshake-failed');
  if (hs?.params?.reason) strings.push({ side: 'sender', where: 'tls-error', text: String(hs.params.reason), observed: true });
  for (const e of s.exchangeStrings) strings.push({ ...e, observed: false });
  return {
    command: `mailtls probe ${server.address} --allow-private${s.connector ? ` --tls-settings ${s.connector.tlsSettings}${s.connector.tlsDomain ? ` --tls-domain ${s.connector.tlsDomain.wildcard ? '*.' : ''}${s.connector.tlsDomain.domain}` : ''}` : ''}`,
    observed: { findings, verdict: r.verdict },
    strings,
  };
}

/** Waits for the next session a listener reports, or null after SESSION_WAIT_MS. */
async function nextSession(it: AsyncIterableIterator<SessionRecord>): Promise<SessionRecord | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), SESSION_WAIT_MS)));
  try {
    const n = await Promise.race([it.next(), timeout]);
    return n && !n.done ? n.value : null;
  } finally {
    clearTimeout(timer);
  }
}

/** Sender scenarios: a real sender against the listen server; the verdict is the receiver's, the strings both sides'. */
async function senderScenario(
  s: ScenarioSpec,
  server: LabServer,
  lab: LabServers,
  signal?: AbortSignal,
): Promise<Pick<LabScenarioResult, 'command' | 'observed' | 'strings'>> {
  const listener = server.listener;
  if (!listener || !s.sender) throw new Error(`scenario ${s.name} needs a listen server and a sender`);
  const it = listener.sessions();
  let run: SenderRun;
  let rec: SessionRecord | null;
  try {
    run = await runSender(s.sender, { host: server.host, port: server.port, servername: server.hostname, ca: lab.caPem, ...(signal ? { signal } : {}) });
    rec = await nextSession(it);
  } finally {
    await it.return?.();
  }
  const strings: LabString[] = [];
  for (const r of run.replies) if (/^[45]\d\d /.test(r)) strings.push({ side: 'sender', where: 'smtp-reply', text: r, observed: true });
  if (run.tlsError) strings.push({ side: 'sender', where: 'tls-error', text: tlsReason(run.tlsError), observed: true });
  if (run.error) strings.push({ side: 'sender', where: 'tls-error', text: run.error, observed: true });
  if (rec?.outcome === 'tls-refused' && rec.reply) strings.push({ side: 'receiver', where: 'tls-alert', text: rec.reply, observed: true });
  if (rec?.outcome === 'starttls-required' && rec.reply) strings.push({ side: 'receiver', where: 'receive-connector-log', text: rec.reply, observed: true });
  if (run.delivered) {
    const last = run.replies[run.replies.length - 1];
    if (last) strings.push({ side: 'sender', where: 'smtp-reply', text: last, observed: true });
  }
  for (const e of s.exchangeStrings) strings.push({ ...e, observed: false });
  const policy = listener.policy.name;
  const k = server.listener?.connectorName;
  const command = `mailtls listen --policy ${policy} --accept${k ? ` --tls-sender-certificate-name ${k}` : ''}  ←  ${senderLabel(s.sender)}`;
  const verdict: LabVerdict = rec?.verdict ?? 'inconclusive';
  return {
    command,
    observed: {
      findings: rec?.findings.filter((f) => f.severity !== 'info' || s.expected.findings.includes(f.id)) ?? [],
      verdict,
      ...(rec ? { outcome: rec.outcome } : {}),
    },
    strings,
  };
}

function senderLabel(k: NonNullable<ScenarioSpec['sender']>): string {
  return k === 'tls10' ? 'sender: STARTTLS, TLS 1.0 only' : k === 'plaintext' ? 'sender: no STARTTLS' : 'sender: STARTTLS, TLS 1.2';
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<T>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what} did not finish within ${ms / 1000} s`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one scenario against running lab servers; never throws (a failure to run is a scenario that did not pass). */
export async function runScenario(name: ScenarioName, lab: LabServers, lang: Lang = 'en', signal?: AbortSignal): Promise<LabScenarioResult> {
  const started = Date.now();
  const s = scenarioSpec(name);
  const server = lab.get(s.server);
  const base: LabScenarioResult = {
    name,
    title: ui(`lab.title.${name}`, lang),
    kind: s.kind,
    server: { name: server.name, address: server.address },
    command: '',
    expected: s.expected,
    observed: { findings: [], verdict: 'inconclusive' },
    strings: [],
    fix: fixFor(s, lang),
    pass: false,
    missing: [],
    error: null,
    elapsedMs: 0,
  };
  try {
    const body = s.kind === 'receiver' ? probeScenario(s, server, lab, lang, signal) : senderScenario(s, server, lab, signal);
    Object.assign(base, await withTimeout(body, SCENARIO_TIMEOUT_MS, name));
    base.missing = judge(s, base.observed, base.strings);
  } catch (e) {
    base.error = (e as Error).message;
    base.missing = [base.error];
  }
  base.pass = base.missing.length === 0;
  if (!base.pass) base.observed.findings.push(finding('lab.not-reproduced', lang, { scenario: name, missing: base.missing.join('; ') }));
  base.elapsedMs = Date.now() - started;
  return base;
}

/**
 * Starts the lab, runs the scenarios (receiver probes in parallel; the senders of one receiver one after another, so
 * each session is matched to its sender), stops the lab. Throws only when the servers cannot start.
 */
export async function runLab(opts: LabOptions = {}): Promise<LabResult> {
  const started = Date.now();
  const lang = opts.lang ?? 'en';
  const names = SCENARIO_NAMES.filter((n) => !opts.scenarios || opts.scenarios.includes(n));
  const servers = [...new Set(names.map((n) => SCENARIO_SERVER[n]))];
  const lab = await startLabServers({ servers, lang });
  const results = new Map<ScenarioName, LabScenarioResult>();
  try {
    const chains = new Map<string, Promise<void>>();
    for (const n of names) {
      const key = SCENARIOS.find((x) => x.name === n)?.kind === 'sender' ? SCENARIO_SERVER[n] : n;
      const prev = chains.get(key) ?? Promise.resolve();
      chains.set(
        key,
        prev.then(async () => {
          const r = await runScenario(n, lab, lang, opts.signal);
          results.set(n, r);
          opts.onScenario?.(r);
        }),
      );
    }
    await Promise.all(chains.values());
  } finally {
    await lab.close();
  }
  const scenarios = names.map((n) => results.get(n) as LabScenarioResult);
  return { scenarios, pass: scenarios.every((r) => r.pass), elapsedMs: Date.now() - started };
}

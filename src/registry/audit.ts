// The registry audit: reads inputs (.reg or reg query output), merges them in order, judges them, plans the fix.
import { MailtlsError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { sanitize } from '../net/sanitize.js';
import { osFromBuild, protocolVerdict, sideState } from './defaults.js';
import { decodeInput, MAX_INPUT_BYTES } from './decode.js';
import { planFix } from './fix.js';
import { RegistryTree, badNames, snapshot } from './model.js';
import { parseRegText } from './parse-reg.js';
import { parseRegQueryText } from './parse-query.js';
import { parseListingText } from './parse-listing.js';
import { parseCmdText, parseInnoText, parsePowerShellText } from './parse-script.js';
import { sniff } from './sniff.js';
import { resolveControlSets } from './controlset.js';
import { text as ui } from './messages.js';
import { commonFindings, effectiveSuiteOrder, inputFindings, mergeFindings, noEffectFindings, osFindings, type RawFinding } from './rules.js';
import {
  DOTNET_VALUES,
  DOTNET_VERSIONS,
  OS_IDS,
  PROTOCOLS,
  SIDES,
  VIEWS,
  type AuditResult,
  type OsId,
  type ProtocolReport,
  type ProtocolVerdict,
  type RegSource,
  type RegistrySnapshot,
  type Side,
  type SideReport,
  type SideState,
} from './types.js';

export interface ParseOptions {
  /** Largest input accepted, in bytes. */
  maxBytes?: number;
  /** Language of the refusal message. */
  lang?: Lang;
}

function bytesOf(input: Uint8Array | string): Uint8Array {
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
}

/** Parses a .reg file (bytes as read from disk, or text). Unparseable input throws MailtlsError('EINPUT'). */
export function parseRegFile(input: Uint8Array | string, file = '-', opts: ParseOptions = {}): RegSource {
  const d = decodeInput(bytesOf(input), file, opts.maxBytes ?? MAX_INPUT_BYTES);
  return parseRegText(d.text, file, d.encoding);
}

/** Parses `reg query ... /s` output (a file, stdin, or reg.exe). */
export function parseRegQuery(input: Uint8Array | string, file = '-', opts: ParseOptions = {}): RegSource {
  const d = decodeInput(bytesOf(input), file, opts.maxBytes ?? MAX_INPUT_BYTES);
  return parseRegQueryText(d.text, file, d.encoding);
}

/** Reads any input mailtls understands, telling the kinds apart by their content; anything else is EINPUT (exit 2). */
export function parseRegistryInput(input: Uint8Array | string, file = '-', opts: ParseOptions = {}): RegSource {
  const d = decodeInput(bytesOf(input), file, opts.maxBytes ?? MAX_INPUT_BYTES);
  const text = d.text;
  const first = firstLine(text);
  if (first === null) throw new MailtlsError('EINPUT', `${sanitize(file, 200)}: input is empty`, { file });
  const s = sniff(text, file);
  if ('kind' in s) {
    switch (s.kind) {
      case 'reg':
        return parseRegText(text, file, d.encoding);
      case 'reg-query':
        return parseRegQueryText(text, file, d.encoding);
      case 'ps-listing':
        return parseListingText(text, file, d.encoding);
      case 'ps1':
        return parsePowerShellText(text, file, d.encoding);
      case 'cmd':
        return parseCmdText(text, file, d.encoding);
      case 'inno':
        return parseInnoText(text, file, d.encoding);
    }
  }
  const lang = opts.lang ?? 'en';
  const what = ui(`registry.looks.${s.refuse}`, lang, { first: sanitize(first, 60) });
  throw new MailtlsError('EINPUT', ui('registry.err-not-readable', lang, { file: sanitize(file, 200), what }), { file });
}

function firstLine(text: string): string | null {
  let i = 0;
  while (i < text.length) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = text.length;
    const line = text.slice(i, Math.min(nl, i + 4096)).replace(/\r$/, '');
    if (line.trim() !== '') return line;
    i = nl + 1;
  }
  return null;
}

export interface AuditOptions {
  /** Windows version; null/undefined = judge every version (or the one the input's CurrentBuild names). */
  os?: OsId | null;
  lang?: Lang;
  /** Let the fix also switch off SSL, TLS 1.0/1.1, weak ciphers and MD5. */
  disableLegacy?: boolean;
}

/** Audits one or more parsed inputs, applied in order (so `[export, fix]` shows the state after importing the fix). */
export function auditRegistry(sources: RegSource | readonly RegSource[], opts: AuditOptions = {}): AuditResult {
  const inputs = Array.isArray(sources) ? (sources as readonly RegSource[]) : [sources as RegSource];
  const lang = opts.lang ?? 'en';
  const cs = resolveControlSets(inputs);
  const list = cs.sources;
  const tree = new RegistryTree();
  for (const s of list) tree.apply(s);
  const { snap, wrongType } = snapshot(tree);
  let os = opts.os ?? null;
  let osDetected = false;
  if (!os && snap.currentBuild !== null) {
    os = osFromBuild(snap.currentBuild);
    osDetected = os !== null;
  }
  const scope: readonly OsId[] = os ? [os] : OS_IDS;
  const perOs = new Map<OsId, RawFinding[]>();
  for (const o of scope) perOs.set(o, osFindings(o, snap, lang));
  const common = [...commonFindings(snap, lang), ...inputFindings(list, cs, lang), ...noEffectFindings(list, badNames(tree), tree.wrongHive, wrongType)];
  const findings = mergeFindings(perOs, common, lang);
  const order = effectiveSuiteOrder(snap);
  const ciphers: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(snap.ciphers)) ciphers[k] = v.value;
  const result: AuditResult = {
    os,
    osDetected,
    sources: list.map((s) => ({ file: s.file, format: s.format, encoding: s.encoding })),
    protocols: protocolReports(snap, scope, os === null),
    dotnet: dotnetReport(snap),
    winhttp: { '64-bit': snap.winhttp['64-bit'].value, '32-bit': snap.winhttp['32-bit'].value },
    ciphers,
    suiteOrder: order ? { where: order.where, suites: order.suites.map((s) => sanitize(s, 100)) } : null,
    findings,
    fix: planFix(snap, scope, { disableLegacy: opts.disableLegacy ?? false }),
  };
  if (cs.report)
    result.controlSet = {
      audited: sanitize(cs.report.audited, 200),
      chosenBy: cs.report.chosenBy,
      notAudited: cs.report.notAudited.map((n) => ({ set: sanitize(n.set, 200), values: n.values })),
    };
  return result;
}

function collapse<T extends string>(byOs: Record<OsId, T>, scope: readonly OsId[]): T | 'depends-on-os' {
  const first = byOs[scope[0] as OsId];
  return scope.every((o) => byOs[o] === first) ? first : 'depends-on-os';
}

function protocolReports(snap: RegistrySnapshot, scope: readonly OsId[], withByOs: boolean): Record<(typeof PROTOCOLS)[number], ProtocolReport> {
  const out = {} as Record<(typeof PROTOCOLS)[number], ProtocolReport>;
  for (const p of PROTOCOLS) {
    const s = snap.protocols[p];
    const states = {} as Record<Side, Record<OsId, SideState>>;
    const verdicts = {} as Record<OsId, ProtocolVerdict>;
    for (const side of SIDES) states[side] = {} as Record<OsId, SideState>;
    for (const o of scope) {
      for (const side of SIDES) states[side][o] = sideState(o, p, side, s[side]);
      verdicts[o] = protocolVerdict(states.client[o], states.server[o], s);
    }
    const side = (x: Side): SideReport => {
      const src = s[x].enabled.source ?? s[x].disabledByDefault.source;
      const r: SideReport = {
        enabled: s[x].enabled.value,
        disabledByDefault: s[x].disabledByDefault.value,
        source: src ? `${src.file}:${src.line}` : null,
        state: collapse(states[x], scope),
      };
      if (withByOs) r.stateByOs = states[x];
      return r;
    };
    const rep: ProtocolReport = { client: side('client'), server: side('server'), effective: collapse(verdicts, scope) };
    if (withByOs) rep.effectiveByOs = verdicts;
    out[p] = rep;
  }
  return out;
}

function dotnetReport(snap: RegistrySnapshot): AuditResult['dotnet'] {
  const out = {} as AuditResult['dotnet'];
  for (const ver of DOTNET_VERSIONS) {
    out[ver] = {} as AuditResult['dotnet'][typeof ver];
    for (const view of VIEWS) {
      const r = {} as Record<(typeof DOTNET_VALUES)[number], number | null>;
      for (const n of DOTNET_VALUES) r[n] = snap.dotnet[ver][view][n].value;
      out[ver][view] = r;
    }
  }
  return out;
}

/** Keys the audit found to have no effect (for the fix file's comments). */
export function ignoredKeys(result: AuditResult): string[] {
  const keys: string[] = [];
  for (const f of result.findings) {
    if (f.group !== 'no-effect') continue;
    const k = f.params?.key;
    if (typeof k === 'string' && !keys.includes(k)) keys.push(k);
  }
  return keys;
}

// The audit rules: from the settings snapshot and the parse notes to findings, per Windows version, then merged.
import { entry, finding, text as ui, type FindingId } from './messages.js';
import type { Lang, Params } from '../i18n/lang.js';
import { sanitize } from '../net/sanitize.js';
import { EXCHANGE_ONLINE } from '../policy/exchange-online.js';
import { DEFAULTS, OS_NAMES, protocolVerdict, sideState } from './defaults.js';
import type { BadName, WrongHive, WrongType } from './model.js';
import type { ControlSetResult } from './controlset.js';
import { WEAK_CIPHERS } from './paths.js';
import {
  DOTNET_VALUES,
  DOTNET_VERSIONS,
  PROTOCOLS,
  SCRIPT_FORMATS,
  SIDES,
  VIEWS,
  type DwordSetting,
  type OsId,
  type ParseIssue,
  type RegSource,
  type RegistryFinding,
  type RegistrySnapshot,
  type Side,
  type SideSettings,
  type SideState,
  type SourceRef,
} from './types.js';

/** A finding before rendering: id, parameters, optional severity/group override and source line. */
export interface RawFinding {
  id: FindingId;
  params: Params;
  severity?: RegistryFinding['severity'];
  group?: RegistryFinding['group'];
  source?: SourceRef;
}

const GROUP_ORDER: Record<RegistryFinding['group'], number> = { 'breaks-mail-flow': 0, risky: 1, 'no-effect': 2, note: 3 };

/** "0", "1", "0xffffffff" or "not set". */
export function showDword(v: number | null, lang: Lang): string {
  if (v === null) return ui('registry.not-set', lang);
  return v > 9 ? `0x${v.toString(16)}` : String(v);
}

function showValues(s: SideSettings, lang: Lang): string {
  return `Enabled=${showDword(s.enabled.value, lang)}, DisabledByDefault=${showDword(s.disabledByDefault.value, lang)}`;
}

function showSides(sides: Side[], lang: Lang): string {
  if (sides.length === 2) return ui('registry.client-and-server', lang);
  return ui(sides[0] === 'client' ? 'registry.client' : 'registry.server', lang);
}

/** Findings that depend on the Windows version. */
export function osFindings(os: OsId, snap: RegistrySnapshot, lang: Lang): RawFinding[] {
  const out: RawFinding[] = [];
  for (const p of PROTOCOLS) {
    const s = snap.protocols[p];
    const st: Record<Side, SideState> = { client: sideState(os, p, 'client', s.client), server: sideState(os, p, 'server', s.server) };
    const verdict = protocolVerdict(st.client, st.server, s);
    const onSides = SIDES.filter((x) => st[x] === 'on' || st[x] === 'explicit-only');
    if (p === 'TLS 1.2') {
      for (const side of SIDES) {
        if (st[side] === 'off')
          out.push({
            id: `registry.tls12-${side}-disabled`,
            params: { values: showValues(s[side], lang) },
            source: s[side].enabled.source ?? s[side].disabledByDefault.source ?? undefined,
          });
        if (st[side] === 'explicit-only')
          out.push({
            id: `registry.tls12-${side}-disabled-by-default`,
            params: { values: showValues(s[side], lang) },
            source: s[side].disabledByDefault.source ?? undefined,
          });
      }
      const unset = SIDES.filter((x) => s[x].enabled.value === null && s[x].disabledByDefault.value === null && st[x] === 'on');
      if (unset.length > 0) out.push({ id: 'registry.tls12-relies-on-default', params: { sides: showSides(unset, lang) } });
      continue;
    }
    if (p === 'TLS 1.3') {
      if (DEFAULTS[os][p].client === 'unsafe' && onSides.length > 0)
        out.push({
          id: 'registry.tls13-enabled-unsupported-os',
          params: { sides: showSides(onSides, lang) },
          source: s[onSides[0] as Side].enabled.source ?? undefined,
        });
      else if (DEFAULTS[os][p].client === 'on' && onSides.length > 0) out.push({ id: 'registry.tls13-on', params: { sides: showSides(onSides, lang) } });
    }
    const explicit = SIDES.some((x) => s[x].enabled.value !== null || s[x].disabledByDefault.value !== null);
    if (!explicit) {
      // Windows defaults only: HealthChecker's Misconfigured/Half Disabled judge values someone set.
    } else if (verdict === 'misconfigured') {
      out.push({
        id: 'registry.client-server-mismatch',
        params: { protocol: p, client: ui(`registry.state.${st.client}`, lang), server: ui(`registry.state.${st.server}`, lang) },
      });
    } else if (verdict === 'half-disabled') {
      const half = SIDES.filter((x) => st[x] === 'explicit-only' || (s[x].enabled.value === 0 && s[x].disabledByDefault.value === 0));
      out.push({
        id: 'registry.half-disabled',
        params: { protocol: p, sides: showSides(half, lang), values: [...new Set(half.map((x) => showValues(s[x], lang)))].join('; ') },
      });
    }
    const fullyOn = SIDES.filter((x) => st[x] === 'on');
    if ((p === 'TLS 1.0' || p === 'TLS 1.1') && fullyOn.length > 0)
      out.push({ id: 'registry.legacy-protocol-enabled', params: { protocol: p, sides: showSides(fullyOn, lang) } });
    if ((p === 'SSL 2.0' || p === 'SSL 3.0') && fullyOn.length > 0)
      out.push({ id: 'registry.ssl-enabled', params: { protocol: p, sides: showSides(fullyOn, lang) } });
  }
  if (os === '2008r2' || os === '2012') {
    const unset = VIEWS.filter((v) => snap.winhttp[v].value === null);
    if (unset.length > 0) out.push({ id: 'registry.winhttp-default-no-tls12', params: { views: unset.map((v) => ui(`registry.view.${v}`, lang)).join(', ') } });
  }
  return out;
}

/** Normalises a suite name for comparison (2012-era names carry _P256/_P384/_P521). */
export function baseSuite(name: string): string {
  return name
    .trim()
    .toUpperCase()
    .replace(/_P(256|384|521)$/, '');
}

const WEAK_SUITE = /(RC4|3DES|_DES_|_NULL_|EXPORT|_MD5)/;

/** The suite order Windows uses: Group Policy wins over the local value. */
export function effectiveSuiteOrder(snap: RegistrySnapshot): RegistrySnapshot['suiteOrder']['local'] {
  return snap.suiteOrder.policy ?? snap.suiteOrder.local;
}

/** True when at least one suite in the list is one Exchange Online accepts. */
export function hasEoSuite(suites: readonly string[]): boolean {
  const eo = new Set([...EXCHANGE_ONLINE.tls12Suites, ...EXCHANGE_ONLINE.tls13Suites]);
  return suites.some((s) => eo.has(baseSuite(s)));
}

const off = (s: DwordSetting | undefined): boolean => s !== undefined && s.value === 0;

/** The cipher/key-exchange switches that leave no suite Exchange Online accepts (empty when fine). */
export function cipherBlockers(snap: RegistrySnapshot): string[] {
  const out: string[] = [];
  if (off(snap.ciphers['AES 128/128']) && off(snap.ciphers['AES 256/256'])) out.push('AES 128/128', 'AES 256/256');
  if (off(snap.keyExchange['ECDH']) && off(snap.keyExchange['PKCS'])) out.push('ECDH', 'PKCS');
  return out;
}

/** Findings that do not depend on the Windows version. */
export function commonFindings(snap: RegistrySnapshot, lang: Lang): RawFinding[] {
  const out: RawFinding[] = [];
  for (const ver of DOTNET_VERSIONS) {
    for (const name of DOTNET_VALUES) {
      const bad = VIEWS.filter((v) => snap.dotnet[ver][v][name].value !== 1);
      if (bad.length === 0) continue;
      const values = bad.map((v) => `${ui(`registry.view.${v}`, lang)}: ${showDword(snap.dotnet[ver][v][name].value, lang)}`).join(', ');
      const id = name === 'SystemDefaultTlsVersions' ? 'registry.dotnet-system-default-tls-versions' : 'registry.dotnet-strong-crypto';
      const src = snap.dotnet[ver][bad[0] as (typeof VIEWS)[number]][name].source ?? undefined;
      out.push(
        ver === 'v4.0.30319'
          ? { id, params: { version: ver, values }, source: src }
          : { id, params: { version: ver, values }, severity: 'warning', group: 'risky', source: src },
      );
    }
  }
  const ffs = PROTOCOLS.flatMap((p) =>
    SIDES.filter((x) => snap.protocols[p][x].enabled.value === 0xffffffff).map((x) => `${p}\\${x === 'client' ? 'Client' : 'Server'}`),
  );
  if (ffs.length > 0) out.push({ id: 'registry.enabled-ffffffff', params: { count: ffs.length, example: ffs[0] } });
  const blockers = cipherBlockers(snap);
  if (blockers.length > 0) out.push({ id: 'registry.no-eo-cipher', params: { detail: blockers.join(', ') } });
  const weak = WEAK_CIPHERS.filter((c) => {
    const s = snap.ciphers[c];
    return s !== undefined && s.value !== null && s.value !== 0;
  });
  if (weak.length > 0) out.push({ id: 'registry.weak-cipher-enabled', params: { names: weak.join(', ') } });
  const md5 = snap.hashes['MD5'];
  if (md5 && md5.value !== null && md5.value !== 0) out.push({ id: 'registry.weak-hash-enabled', params: { names: 'MD5' } });
  const dh = snap.dhServerMinKeyBitLength.value;
  if (dh !== null && dh < 2048) out.push({ id: 'registry.dh-key-too-short', params: { bits: dh } });
  const order = effectiveSuiteOrder(snap);
  if (order && order.suites.length > 0) {
    const where = ui(`registry.where.${order.where}`, lang);
    if (!hasEoSuite(order.suites)) out.push({ id: 'registry.suite-order-no-eo-suite', params: { where, count: order.suites.length }, source: order.source });
    const weakSuites = order.suites.filter((s) => WEAK_SUITE.test(s.toUpperCase()));
    if (weakSuites.length > 0)
      out.push({
        id: 'registry.suite-order-weak-suite',
        params: { where, suites: sanitize(weakSuites.slice(0, 5).join(', ') + (weakSuites.length > 5 ? ', …' : ''), 400) },
      });
  }
  const noTls12 = VIEWS.filter((v) => {
    const x = snap.winhttp[v].value;
    return x !== null && (x & 0x800) === 0;
  });
  if (noTls12.length > 0) {
    const v = snap.winhttp[noTls12[0] as (typeof VIEWS)[number]].value as number;
    out.push({
      id: 'registry.winhttp-no-tls12',
      params: { value: `0x${v.toString(16).toUpperCase()}`, views: noTls12.map((x) => ui(`registry.view.${x}`, lang)).join(', ') },
    });
  }
  return out;
}

const TYPE_NAMES: Record<number, string> = {
  0: 'REG_NONE',
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  5: 'REG_DWORD_BIG_ENDIAN',
  7: 'REG_MULTI_SZ',
  11: 'REG_QWORD',
};

/** Findings for entries Windows ignores: parse notes, misspelt keys, wrong hive, wrong type. */
export function noEffectFindings(
  sources: readonly RegSource[],
  bad: readonly BadName[],
  hive: readonly WrongHive[],
  types: readonly WrongType[],
): RawFinding[] {
  const out: RawFinding[] = [];
  const brokenLines = new Set<string>();
  const key = (p: string): string => sanitize(p, 300);
  for (const src of sources) {
    const file = sanitize(src.file, 200);
    const other: number[] = [];
    let listed = 0;
    for (const i of src.issues) {
      if (i.kind === 'key-and-value-one-line') brokenLines.add(`${src.file}\u0000${i.line}`);
      if (i.kind === 'not-evaluated' && (i.detail !== 'registry' || listed >= MAX_LISTED)) {
        other.push(i.line);
        continue;
      }
      if (i.kind === 'not-evaluated') listed++;
      out.push(issueFinding(file, i));
    }
    if (other.length > 0) out.push({ id: 'registry.script.not-evaluated-other', params: { file, count: other.length, lines: lineRanges(other) } });
    if (src.issuesDropped > 0) out.push({ id: 'registry.no-effect.issues-dropped', params: { file, count: src.issuesDropped } });
  }
  for (const b of bad) {
    if (b.source && brokenLines.has(`${b.source.file}\u0000${b.source.line}`)) continue; // already reported for that line
    const params: Params = { file: sanitize(b.source?.file ?? '-', 200), line: b.source?.line ?? 0, key: key(b.path) };
    if (b.expected) params.expected = key(b.expected);
    if (b.char) params.char = b.char;
    out.push({ id: `registry.no-effect.${b.kind}`, params, ...(b.source ? { source: b.source } : {}) });
  }
  for (const h of hive) {
    if (brokenLines.has(`${h.source.file}\u0000${h.source.line}`)) continue;
    out.push({
      id: 'registry.no-effect.wrong-hive',
      params: { file: sanitize(h.source.file, 200), line: h.source.line, key: key(h.path), expected: h.expected },
      source: h.source,
    });
  }
  for (const t of types) {
    const expected = /functions$/i.test(t.name) ? 'REG_MULTI_SZ / REG_SZ' : 'REG_DWORD';
    out.push({
      id: 'registry.no-effect.wrong-type',
      params: {
        file: sanitize(t.source.file, 200),
        line: t.source.line,
        name: key(`${t.path}\\${t.name}`),
        type: TYPE_NAMES[t.type] ?? `hex(${t.type.toString(16)})`,
        expected,
      },
      source: t.source,
    });
  }
  return out;
}

/** Script lines listed one by one (the rest are given as line ranges). */
const MAX_LISTED = 100;

/** "3, 7-9, 12" from sorted line numbers. */
export function lineRanges(lines: readonly number[]): string {
  const out: string[] = [];
  let a = lines[0] as number;
  let b = a;
  for (const n of [...lines.slice(1), NaN]) {
    if (n === b + 1) {
      b = n;
      continue;
    }
    out.push(a === b ? String(a) : `${a}-${b}`);
    a = n;
    b = n;
  }
  return out.join(', ');
}

/** What each input is and which part of it the audit describes: scripts, listings, control sets, loaded hives. */
export function inputFindings(sources: readonly RegSource[], cs: ControlSetResult, lang: Lang): RawFinding[] {
  const out: RawFinding[] = [];
  for (const src of sources) {
    const file = sanitize(src.file, 200);
    if (SCRIPT_FORMATS.includes(src.format)) {
      const count = src.issues.filter((i) => i.kind === 'not-evaluated').length;
      out.push({ id: 'registry.script.state-after', params: { file, kind: ui(`registry.kind.${src.format}`, lang), count } });
      if (!src.ops.some((o) => o.op === 'set' || o.op === 'delete-value' || o.op === 'delete-key'))
        out.push({ id: 'registry.script.no-change', params: { file } });
    }
    if (src.format === 'ps-listing' && src.ops.some((o) => o.op === 'set')) out.push({ id: 'registry.listing.types', params: { file } });
  }
  const r = cs.report;
  if (r) {
    const select = r.select !== null ? ui('registry.select-in-input', lang, { n: r.select }) : ui('registry.select-missing', lang);
    out.push({
      id: 'registry.controlset.audited',
      params: { file: sanitize(r.file, 200), line: r.line, set: sanitize(r.audited, 200), select },
      source: { file: r.file, line: r.line },
    });
    for (const n of r.notAudited) {
      out.push({
        id: 'registry.controlset.not-audited',
        params: {
          file: sanitize(r.file, 200),
          set: sanitize(n.set, 200),
          count: n.values,
          audited: sanitize(r.audited, 200),
          why: ui(`registry.chosen.${r.chosenBy}`, lang),
        },
      });
    }
  }
  for (const l of cs.loaded)
    out.push({
      id: 'registry.loaded-hive',
      params: { file: sanitize(l.file, 200), line: l.line, hive: sanitize(l.hive, 100), as: l.as },
      source: { file: l.file, line: l.line },
    });
  return out;
}

function issueFinding(file: string, i: ParseIssue): RawFinding {
  const text = sanitize(i.text, 160);
  const source = { file, line: i.line };
  switch (i.kind) {
    case 'missing-header':
      return { id: 'registry.no-effect.missing-header', params: { file }, source };
    case 'bad-header':
      return { id: 'registry.no-effect.bad-header', params: { file, line: i.line, text }, source };
    case 'key-and-value-one-line':
      return { id: 'registry.no-effect.key-and-value-one-line', params: { file, line: i.line, key: sanitize(i.path ?? text, 300) }, source };
    case 'dword-too-long':
      return { id: 'registry.no-effect.dword-too-long', params: { file, line: i.line, name: sanitize(i.name ?? '', 100), text }, source };
    case 'invalid-data':
      return { id: 'registry.no-effect.invalid-data', params: { file, line: i.line, text }, source };
    case 'value-outside-key':
      return { id: 'registry.no-effect.value-outside-key', params: { file, line: i.line, text }, source };
    case 'unknown-root':
      return { id: 'registry.no-effect.unknown-root', params: { file, line: i.line, text }, source };
    case 'not-evaluated':
      return { id: 'registry.script.not-evaluated', params: { file, line: i.line, text }, source };
    case 'commented-out':
      return { id: 'registry.script.commented-out', params: { file, line: i.line, text }, source };
    case 'remove-item-value':
      return {
        id: 'registry.script.remove-item-value',
        params: { file, line: i.line, name: sanitize(i.name ?? '', 100), key: sanitize(i.path ?? '', 300) },
        source,
      };
    case 'command-fails':
      return { id: 'registry.script.command-fails', params: { file, line: i.line, text, detail: sanitize(i.detail ?? '', 300) }, source };
    case 'conditional':
      return { id: 'registry.script.conditional', params: { file, line: i.line, detail: sanitize(i.detail ?? '', 200) }, source };
    case 'listing-no-key':
      return { id: 'registry.listing.no-key', params: { file, line: i.line, text }, source };
    case 'listing-truncated':
      return { id: 'registry.listing.truncated', params: { file, line: i.line, text }, source };
    default:
      return { id: 'registry.no-effect.invalid-line', params: { file, line: i.line, text }, source };
  }
}

/**
 * Renders raw findings judged on several Windows versions into one list: a finding that holds on only some of the
 * versions says which. Sorted by group (breaks mail flow, risky, no effect, notes), stable otherwise.
 */
export function mergeFindings(perOs: Map<OsId, RawFinding[]>, common: RawFinding[], lang: Lang): RegistryFinding[] {
  const all = [...perOs.keys()];
  const seen = new Map<string, { raw: RawFinding; os: OsId[]; order: number }>();
  let order = 0;
  const add = (r: RawFinding, os: OsId[]): void => {
    const k = r.id + '\u0000' + JSON.stringify(r.params);
    const e = seen.get(k);
    if (e) {
      for (const o of os) if (!e.os.includes(o)) e.os.push(o);
    } else seen.set(k, { raw: r, os: [...os], order: order++ });
  };
  for (const [os, list] of perOs) for (const r of list) add(r, [os]);
  for (const r of common) add(r, all);
  const out: (RegistryFinding & { order: number })[] = [];
  for (const { raw, os, order: o } of seen.values()) {
    const f = finding(raw.id, lang, raw.params, raw.severity);
    const group = raw.group ?? (entry(raw.id)?.group as RegistryFinding['group'] | undefined) ?? 'risky';
    const rf: RegistryFinding & { order: number } = { ...f, group, order: o };
    if (all.length > 1 && os.length < all.length) {
      const sorted = all.filter((x) => os.includes(x));
      rf.os = sorted;
      const names = (l: OsId[]): string => 'Windows Server ' + l.map((x) => OS_NAMES[x].replace('Windows Server ', '')).join(', ');
      const rest = all.filter((x) => !os.includes(x));
      rf.message +=
        ' ' + (rest.length < sorted.length ? ui('registry.not-on', lang, { os: names(rest) }) : ui('registry.only-on', lang, { os: names(sorted) }));
    }
    if (raw.source) rf.source = raw.source;
    out.push(rf);
  }
  const byLine = (a: RegistryFinding, b: RegistryFinding): number =>
    a.group === 'no-effect' && a.source && b.source && a.source.file === b.source.file ? a.source.line - b.source.line : 0;
  out.sort((a, b) => GROUP_ORDER[a.group] - GROUP_ORDER[b.group] || byLine(a, b) || a.order - b.order);
  return out.map(({ order: _o, ...f }) => f);
}

// The merged registry: applies parsed operations in order to a key tree, then reads out the TLS-relevant settings.
import {
  CIPHERS_KEY,
  CURRENT_VERSION_KEY,
  HASHES_KEY,
  HKLM,
  KEX_KEY,
  KNOWN_CIPHERS,
  KNOWN_HASHES,
  KNOWN_KEX,
  OTHER_PROTOCOL_KEYS,
  PROTOCOLS_KEY,
  SUITE_LOCAL_KEY,
  SUITE_POLICY_KEY,
  dotnetKey,
  lookalike,
  protocolKey,
  winhttpKey,
} from './paths.js';
import {
  DOTNET_VALUES,
  DOTNET_VERSIONS,
  PROTOCOLS,
  VIEWS,
  type DwordSetting,
  type RegSource,
  type RegValue,
  type RegistrySnapshot,
  type SourceRef,
  type SuiteOrder,
} from './types.js';

interface Stored {
  value: RegValue;
  source: SourceRef;
}

/** One key: display name as first written, subkeys and values by case-folded name. */
export interface KeyNode {
  name: string;
  source: SourceRef | null;
  children: Map<string, KeyNode>;
  values: Map<string, Stored>;
}

/** A key path where Windows will not look, noticed while applying (first occurrence per path). */
export interface WrongHive {
  path: string;
  expected: string;
  source: SourceRef;
}

function node(name: string, source: SourceRef | null): KeyNode {
  return { name, source, children: new Map(), values: new Map() };
}

const WRONG_HIVE_RULES: { marker: string; right: RegExp; expected: string }[] = [
  {
    marker: '\\securityproviders\\schannel',
    right: /^hkey_local_machine\\system\\(currentcontrolset|controlset\d{3})\\control\\securityproviders\\schannel(\\|$)/,
    expected: `${HKLM}\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL`,
  },
  {
    marker: '\\.netframework\\v',
    right: /^hkey_local_machine\\software\\(wow6432node\\)?microsoft\\\.netframework\\/,
    expected: `${HKLM}\\SOFTWARE\\Microsoft\\.NETFramework`,
  },
  {
    marker: '\\internet settings\\winhttp',
    right: /^hkey_local_machine\\software\\(wow6432node\\)?microsoft\\windows\\currentversion\\internet settings\\winhttp(\\|$)/,
    expected: `${HKLM}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp`,
  },
  {
    marker: '\\ssl\\00010002',
    right:
      /^hkey_local_machine\\(system\\currentcontrolset\\control\\cryptography\\configuration\\local|software\\policies\\microsoft\\cryptography\\configuration)\\ssl\\00010002(\\|$)/,
    expected: `${HKLM}\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010002`,
  },
];

/** Case-folded key prefixes whose contents the audit reads. */
const RELEVANT: readonly string[] = [
  'hkey_local_machine\\system\\currentcontrolset\\control\\securityproviders\\schannel',
  'hkey_local_machine\\system\\currentcontrolset\\control\\cryptography\\configuration\\local\\ssl',
  'hkey_local_machine\\software\\policies\\microsoft\\cryptography\\configuration\\ssl',
  'hkey_local_machine\\software\\microsoft\\.netframework',
  'hkey_local_machine\\software\\wow6432node\\microsoft\\.netframework',
  'hkey_local_machine\\software\\microsoft\\windows\\currentversion\\internet settings\\winhttp',
  'hkey_local_machine\\software\\wow6432node\\microsoft\\windows\\currentversion\\internet settings\\winhttp',
  'hkey_local_machine\\software\\microsoft\\windows nt\\currentversion',
];

/** The registry as the inputs leave it, applied in order (later inputs win, as with several `reg import`s). */
export class RegistryTree {
  readonly top = node('', null);
  readonly wrongHive: WrongHive[] = [];
  private readonly wrongSeen = new Set<string>();
  private lastPath: string | null = null;
  private lastNode: KeyNode | null = null;

  /**
   * Applies every operation of a parsed input. Only keys under the paths mailtls reads are kept (a full export has
   * hundreds of thousands of others); every key path is still checked once for being in the wrong hive.
   */
  apply(src: RegSource): void {
    let lastChecked: string | null = null;
    let lastRelevant = false;
    for (const op of src.ops) {
      if (op.op === 'delete-key') {
        this.deleteKey(op.path);
        lastChecked = null;
        continue;
      }
      if (op.path !== lastChecked) {
        lastChecked = op.path;
        const f = op.path.toLowerCase();
        this.checkHive(op.path, f, { file: src.file, line: op.line });
        lastRelevant = RELEVANT.some((r) => f.startsWith(r));
      }
      if (!lastRelevant) continue;
      const source = { file: src.file, line: op.line };
      const n = this.ensure(op.path, source);
      if (op.op === 'set') n.values.set(op.value.name.toLowerCase(), { value: op.value, source });
      else if (op.op === 'delete-value') n.values.delete(op.name.toLowerCase());
    }
    this.lastPath = null;
    this.lastNode = null;
  }

  private ensure(path: string, source: SourceRef): KeyNode {
    if (path === this.lastPath && this.lastNode) return this.lastNode;
    let n = this.top;
    for (const seg of path.split('\\')) {
      const k = seg.toLowerCase();
      let c = n.children.get(k);
      if (!c) {
        c = node(seg, source);
        n.children.set(k, c);
      }
      n = c;
    }
    this.lastPath = path;
    this.lastNode = n;
    return n;
  }

  private deleteKey(path: string): void {
    this.lastPath = null;
    this.lastNode = null;
    const segs = path.split('\\');
    let n: KeyNode | undefined = this.top;
    for (let i = 0; i < segs.length - 1 && n; i++) n = n.children.get((segs[i] as string).toLowerCase());
    n?.children.delete((segs[segs.length - 1] as string).toLowerCase());
  }

  private checkHive(path: string, f: string, source: SourceRef): void {
    for (const r of WRONG_HIVE_RULES) {
      const at = f.indexOf(r.marker);
      if (at < 0 || r.right.test(f)) continue;
      const key = f.slice(0, at + r.marker.length);
      if (this.wrongSeen.has(key)) continue;
      this.wrongSeen.add(key);
      this.wrongHive.push({ path, expected: r.expected, source });
    }
  }

  /** The key at an HKLM-relative path, or undefined. */
  get(hklmPath: string): KeyNode | undefined {
    let n: KeyNode | undefined = this.top.children.get('hkey_local_machine');
    for (const seg of hklmPath.split('\\')) {
      if (!n) return undefined;
      n = n.children.get(seg.toLowerCase());
    }
    return n;
  }
}

/** A value that exists but that Windows will not read as a DWORD (REG_SZ "1", REG_QWORD...). */
export interface WrongType {
  path: string;
  name: string;
  type: number;
  source: SourceRef;
}

/** DWORD content of a value: REG_DWORD or hex(4) with 4 bytes; null otherwise. */
export function dwordOf(v: RegValue): number | null {
  if (v.type !== 4) return null;
  if (v.dword !== undefined) return v.dword;
  const b = hexBytes(v.hex ?? '');
  if (b.length !== 4) return null;
  return ((b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16) | ((b[3] as number) << 24)) >>> 0;
}

/** Bytes of a "aa,bb" list. */
export function hexBytes(hex: string): number[] {
  const out: number[] = [];
  for (const part of hex.split(',')) {
    const t = part.trim();
    if (t !== '') out.push(parseInt(t, 16));
  }
  return out;
}

/** Strings of a REG_SZ / REG_MULTI_SZ / hex(1|2|7) value. */
export function stringsOf(v: RegValue): string[] | null {
  if (v.multi) return v.multi;
  if (v.text !== undefined) return [v.text];
  if (v.hex === undefined || (v.type !== 1 && v.type !== 2 && v.type !== 7)) return null;
  const b = hexBytes(v.hex);
  let s = '';
  if (v.ansi) for (const x of b) s += String.fromCharCode(x);
  else for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i] as number) | ((b[i + 1] as number) << 8));
  const parts = s.split('\0');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return v.type === 7 ? parts : [parts[0] ?? ''];
}

const NOT_SET: DwordSetting = Object.freeze({ value: null, source: null }) as DwordSetting;

/** Reads the TLS-relevant settings out of the tree, noting values Windows ignores because of their type. */
export function snapshot(tree: RegistryTree): { snap: RegistrySnapshot; wrongType: WrongType[] } {
  const wrongType: WrongType[] = [];
  const dw = (path: string, name: string): DwordSetting => {
    const s = tree.get(path)?.values.get(name.toLowerCase());
    if (!s) return NOT_SET;
    const v = dwordOf(s.value);
    if (v === null) {
      wrongType.push({ path: `${HKLM}\\${path}`, name: s.value.name, type: s.value.type, source: s.source });
      return NOT_SET;
    }
    return { value: v, source: s.source };
  };
  const protocols = {} as RegistrySnapshot['protocols'];
  for (const p of PROTOCOLS) {
    protocols[p] = {
      client: { enabled: dw(protocolKey(p, 'client'), 'Enabled'), disabledByDefault: dw(protocolKey(p, 'client'), 'DisabledByDefault') },
      server: { enabled: dw(protocolKey(p, 'server'), 'Enabled'), disabledByDefault: dw(protocolKey(p, 'server'), 'DisabledByDefault') },
    };
  }
  const dotnet = {} as RegistrySnapshot['dotnet'];
  for (const ver of DOTNET_VERSIONS) {
    dotnet[ver] = {} as RegistrySnapshot['dotnet'][typeof ver];
    for (const view of VIEWS) {
      const r = {} as Record<(typeof DOTNET_VALUES)[number], DwordSetting>;
      for (const name of DOTNET_VALUES) r[name] = dw(dotnetKey(ver, view), name);
      dotnet[ver][view] = r;
    }
  }
  const winhttp = { '64-bit': dw(winhttpKey('64-bit'), 'DefaultSecureProtocols'), '32-bit': dw(winhttpKey('32-bit'), 'DefaultSecureProtocols') };
  const sub = (path: string, known: readonly string[]): Record<string, DwordSetting> => {
    const out: Record<string, DwordSetting> = {};
    const n = tree.get(path);
    if (!n) return out;
    for (const c of n.children.values()) {
      const exact = known.find((k) => k.toLowerCase() === c.name.toLowerCase());
      if (exact && c.values.has('enabled')) out[exact] = dw(`${path}\\${c.name}`, 'Enabled');
    }
    return out;
  };
  const suite = (path: string, where: 'policy' | 'local'): SuiteOrder | null => {
    const s = tree.get(path)?.values.get('functions');
    if (!s) return null;
    const strs = stringsOf(s.value);
    if (!strs) {
      wrongType.push({ path: `${HKLM}\\${path}`, name: s.value.name, type: s.value.type, source: s.source });
      return null;
    }
    const commaList = s.value.type !== 7;
    const suites = (commaList ? (strs[0] ?? '').split(',') : strs).map((x) => x.trim()).filter((x) => x !== '');
    return { suites, where, commaList, source: s.source };
  };
  const buildVal = tree.get(CURRENT_VERSION_KEY)?.values.get('currentbuild')?.value;
  const build = buildVal ? Number.parseInt(stringsOf(buildVal)?.[0] ?? String(dwordOf(buildVal) ?? ''), 10) : NaN;
  const snap: RegistrySnapshot = {
    protocols,
    dotnet,
    winhttp,
    ciphers: sub(CIPHERS_KEY, KNOWN_CIPHERS),
    hashes: sub(HASHES_KEY, KNOWN_HASHES),
    keyExchange: sub(KEX_KEY, KNOWN_KEX),
    dhServerMinKeyBitLength: dw(`${KEX_KEY}\\Diffie-Hellman`, 'ServerMinKeyBitLength'),
    suiteOrder: { local: suite(SUITE_LOCAL_KEY, 'local'), policy: suite(SUITE_POLICY_KEY, 'policy') },
    currentBuild: Number.isFinite(build) ? build : null,
  };
  return { snap, wrongType };
}

/** A key Schannel never reads because its name is not one Schannel knows. */
export interface BadName {
  kind: 'comma-in-key' | 'unicode-lookalike' | 'nested-key' | 'unknown-name';
  path: string;
  /** What the author meant, when that can be told. */
  expected?: string;
  char?: string;
  source: SourceRef | null;
}

const PROTOCOL_NAMES: readonly string[] = [...PROTOCOLS, ...OTHER_PROTOCOL_KEYS];

/** Finds misspelt keys under Protocols, Ciphers, Hashes and KeyExchangeAlgorithms. */
export function badNames(tree: RegistryTree): BadName[] {
  const out: BadName[] = [];
  const full = (p: string): string => `${HKLM}\\${p}`;
  const match = (name: string, known: readonly string[]): string | undefined => known.find((k) => k.toLowerCase() === name.toLowerCase());
  const protocolsNode = tree.get(PROTOCOLS_KEY);
  for (const c of protocolsNode?.children.values() ?? []) {
    const path = `${PROTOCOLS_KEY}\\${c.name}`;
    const known = match(c.name, PROTOCOL_NAMES);
    if (!known) {
      out.push(classify(c, path, PROTOCOL_NAMES));
      continue;
    }
    for (const side of c.children.values()) {
      if (!['client', 'server'].includes(side.name.toLowerCase())) {
        const l = lookalike(side.name);
        out.push({
          kind: l ? 'unicode-lookalike' : 'unknown-name',
          path: full(`${path}\\${side.name}`),
          expected: full(`${PROTOCOLS_KEY}\\${known}\\Client`),
          ...(l ? { char: l.char } : {}),
          source: side.source,
        });
      }
    }
  }
  for (const [base, known] of [
    [CIPHERS_KEY, KNOWN_CIPHERS],
    [HASHES_KEY, KNOWN_HASHES],
    [KEX_KEY, KNOWN_KEX],
  ] as const) {
    for (const c of tree.get(base)?.children.values() ?? []) {
      if (match(c.name, known)) continue;
      // PowerShell New-Item splits "RC4 128/128" into "RC4 128\128".
      const nested = [...c.children.values()].find((g) => match(`${c.name}/${g.name}`, known));
      if (nested) {
        out.push({
          kind: 'nested-key',
          path: full(`${base}\\${c.name}\\${nested.name}`),
          expected: full(`${base}\\${match(`${c.name}/${nested.name}`, known)}`),
          source: nested.source,
        });
        continue;
      }
      out.push(classify(c, `${base}\\${c.name}`, known));
    }
  }
  return out;

  function classify(c: KeyNode, path: string, known: readonly string[]): BadName {
    const l = lookalike(c.name);
    if (l) {
      const k = match(l.fixed, known);
      return {
        kind: 'unicode-lookalike',
        path: full(path),
        char: l.char,
        ...(k ? { expected: full(path.slice(0, path.length - c.name.length) + k) } : {}),
        source: c.source,
      };
    }
    const commaFixed = c.name.replace(/,/g, '.');
    const k = match(commaFixed, known);
    if (c.name.includes(',') && k)
      return { kind: 'comma-in-key', path: full(path), expected: full(path.slice(0, path.length - c.name.length) + k), source: c.source };
    const squeezed = match(c.name.replace(/\s+/g, '').replace(/^(tls|ssl)/i, '$1 '), known);
    return {
      kind: 'unknown-name',
      path: full(path),
      ...(squeezed ? { expected: full(path.slice(0, path.length - c.name.length) + squeezed) } : {}),
      source: c.source,
    };
  }
}

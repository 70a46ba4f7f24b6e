// Control sets and hives loaded under another name: maps ControlSet00N and HKLM\OFFLINE\... keys to the paths the audit reads.
import type { ControlSetReport, RegOp, RegSource } from './types.js';

/** HKEY_LOCAL_MACHINE\<hive>\ControlSet00N|CurrentControlSet\rest (canonical paths). */
const SET_RE = /^HKEY_LOCAL_MACHINE\\([^\\]+)\\(ControlSet(\d{3})|CurrentControlSet)(?=\\|$)/i;
/** HKEY_LOCAL_MACHINE\<hive>\Select: where Windows records which control set is current. */
const SELECT_RE = /^HKEY_LOCAL_MACHINE\\([^\\]+)\\Select$/i;
/** A SOFTWARE hive loaded under another name: HKLM\<name>\[Wow6432Node\]Microsoft\... or \Policies\Microsoft\Cryptography. */
const SOFT_RE =
  /^HKEY_LOCAL_MACHINE\\([^\\]+)(?=\\(Wow6432Node\\)?Microsoft\\(\.NETFramework|Windows\\CurrentVersion\\Internet Settings\\WinHttp|Windows NT\\CurrentVersion)(\\|$)|\\Policies\\Microsoft\\Cryptography(\\|$))/i;
/** Hives that are not SYSTEM or SOFTWARE under their own names. */
const OTHER_HIVES = new Set(['software', 'hardware', 'sam', 'security', 'bcd00000000']);

/** A loaded hive read as SOFTWARE, first occurrence per input. */
export interface LoadedHive {
  file: string;
  line: number;
  hive: string;
  as: 'SOFTWARE' | 'SYSTEM';
}

export interface ControlSetResult {
  sources: RegSource[];
  report: (ControlSetReport & { file: string; line: number; select: number | null }) | null;
  loaded: LoadedHive[];
}

/**
 * Rewrites the inputs so the audit reads one control set: CurrentControlSet, plus the ControlSet00N that
 * Select\Current names in the input (or the only one, or the lowest of a SYSTEM hive). Keys of other control sets are
 * left out and counted. A SOFTWARE hive loaded under another name (HKLM\OFFSOFT\Microsoft\.NETFramework) is read as
 * HKLM\SOFTWARE.
 */
export function resolveControlSets(inputs: readonly RegSource[]): ControlSetResult {
  const sets = new Map<string, { name: string; hive: string; num: number; values: number; file: string; line: number }>();
  const select = new Map<string, number>();
  for (const src of inputs) {
    for (const op of src.ops) {
      if (op.op === 'set') {
        const sel = SELECT_RE.exec(op.path);
        if (sel && op.value.name.toLowerCase() === 'current' && op.value.type === 4 && op.value.dword !== undefined)
          select.set((sel[1] as string).toLowerCase(), op.value.dword);
      }
      const m = SET_RE.exec(op.path);
      if (!m || m[3] === undefined) continue;
      const hive = m[1] as string;
      if (OTHER_HIVES.has(hive.toLowerCase())) continue;
      const key = `${hive}\\${m[2]}`.toLowerCase();
      let e = sets.get(key);
      if (!e) {
        e = { name: `${hive}\\${m[2]}`, hive, num: Number(m[3]), values: 0, file: src.file, line: op.line };
        sets.set(key, e);
      }
      if (op.op === 'set') e.values++;
    }
  }
  const loaded: LoadedHive[] = [];
  const loadedSeen = new Set<string>();
  const all = [...sets.values()];
  let chosen: (typeof all)[number] | undefined;
  let chosenBy: ControlSetReport['chosenBy'] = 'only-one';
  let selectValue: number | null = null;
  for (const e of all) {
    const s = select.get(e.hive.toLowerCase());
    if (s !== undefined && s === e.num) {
      chosen = e;
      chosenBy = 'select-current';
      selectValue = s;
      break;
    }
  }
  if (!chosen && all.length === 1) chosen = all[0];
  if (!chosen && all.length > 1) {
    chosenBy = 'lowest';
    chosen = [...all].sort((a, b) => Number(b.hive.toLowerCase() === 'system') - Number(a.hive.toLowerCase() === 'system') || a.num - b.num)[0];
  }
  if (chosen && selectValue === null) selectValue = select.get(chosen.hive.toLowerCase()) ?? null;
  const chosenKey = chosen ? chosen.name.toLowerCase() : null;
  const out = inputs.map((src) => {
    const ops: RegOp[] = [];
    for (const op of src.ops) {
      const m = SET_RE.exec(op.path);
      if (m) {
        const hive = m[1] as string;
        if (OTHER_HIVES.has(hive.toLowerCase())) {
          ops.push(op);
          continue;
        }
        const rest = op.path.slice(m[0].length);
        if (m[3] === undefined) {
          // CurrentControlSet under a hive other than SYSTEM: an offline copy (it has no CurrentControlSet of its own).
          if (hive.toLowerCase() !== 'system') noteLoaded(src.file, op.line, hive, 'SYSTEM');
          ops.push({ ...op, path: `HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet${rest}` });
          continue;
        }
        if (`${hive}\\${m[2]}`.toLowerCase() !== chosenKey) continue; // another control set: counted, not audited
        if (hive.toLowerCase() !== 'system') noteLoaded(src.file, op.line, hive, 'SYSTEM');
        ops.push({ ...op, path: `HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet${rest}` });
        continue;
      }
      const s = SOFT_RE.exec(op.path);
      if (s) {
        const hive = s[1] as string;
        const low = hive.toLowerCase();
        if (low !== 'software' && low !== 'system' && !OTHER_HIVES.has(low)) {
          noteLoaded(src.file, op.line, hive, 'SOFTWARE');
          ops.push({ ...op, path: `HKEY_LOCAL_MACHINE\\SOFTWARE${op.path.slice(s[0].length)}` });
          continue;
        }
      }
      ops.push(op);
    }
    return ops.length === src.ops.length && ops.every((o, i) => o === src.ops[i]) ? src : { ...src, ops };
  });
  const report = chosen
    ? {
        audited: chosen.name,
        chosenBy,
        file: chosen.file,
        line: chosen.line,
        select: selectValue,
        notAudited: all.filter((e) => e !== chosen).map((e) => ({ set: e.name, values: e.values })),
      }
    : null;
  return { sources: out, report, loaded };

  function noteLoaded(file: string, line: number, hive: string, as: 'SOFTWARE' | 'SYSTEM'): void {
    const k = `${file}\u0000${hive.toLowerCase()}`;
    if (loadedSeen.has(k)) return;
    loadedSeen.add(k);
    loaded.push({ file, line, hive, as });
  }
}

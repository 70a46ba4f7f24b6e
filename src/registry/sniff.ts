// Tells the kinds of registry input apart by their content (and the file name as a tie-breaker), or says what a file looks like.
import { headerKind } from './parse-reg.js';
import { looksLikeRegQuery } from './parse-query.js';
import { looksLikeListing } from './parse-listing.js';

export type InputKind = 'reg' | 'reg-query' | 'ps-listing' | 'ps1' | 'cmd' | 'inno';
/** What a refused input looks like (ui key suffix registry.looks.<what>). */
export type Lookalike = 'binary' | 'executable' | 'json' | 'ini' | 'xml' | 'script-no-registry' | 'text';

/** First meaningful lines: blank lines and `;` comments skipped, at most `max`. */
function firstLines(text: string, max: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length && out.length < max) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = text.length;
    const line = text
      .slice(i, Math.min(nl, i + 4096))
      .replace(/\r$/, '')
      .replace(/^\ufeff/, '');
    if (line.trim() !== '' && !line.trim().startsWith(';')) out.push(line);
    i = nl + 1;
  }
  return out;
}

const REG_KEY_LINE = /^\s*\[-?(HKEY_[A-Z_]+|HK(LM|CU|CR|U|CC))(\\[^\]]*)?\]/i;
const REG_VALUE_LINE = /^\s*("(?:[^"\\]|\\.)*"|@)\s*=\s*(dword:|hex(\([0-9a-f]+\))?:|"|-\s*$)/i;
const PS_LINE =
  /^\s*(New-ItemProperty|Set-ItemProperty|Remove-ItemProperty|New-Item|Remove-Item|Get-ItemProperty|Get-ChildItem|Test-Path|Write-Host|Write-Output|\$[A-Za-z_][\w:]*\s*=|\[(System\.)?Net\.ServicePointManager\]|\[Net\.|\[CmdletBinding|param\s*\(|function\s+[\w-]+|foreach\s*\(|if\s*\(|#Requires|<#|Import-Module)/i;
const PS_REGISTRY =
  /(New-ItemProperty|Set-ItemProperty|Remove-ItemProperty|New-Item|Remove-Item)\b[^\n]*(HKLM:|HKCU:|Registry::)|\[(System\.)?Net\.ServicePointManager\]|(HKLM:|Registry::HKEY_)/i;
const REG_EXE = /^\s*@?\s*(reg|reg\.exe)\s+(add|delete)\s/im;
const CMD_LINE = /^\s*(@?echo\s+(off|on)\b|@?rem\b|::|setlocal\b|pause\s*$|goto\s|call\s|set\s+\w+=|if\s+(not\s+)?(exist|defined|errorlevel|%))/i;

/** The kind of a readable input, or what an unreadable one looks like. */
export function sniff(text: string, file: string): { kind: InputKind } | { refuse: Lookalike } {
  const head = text.slice(0, 8192);
  if (/^\x7fELF|^MZ|^\u007fELF/.test(text)) return { refuse: 'executable' };
  if (head.includes('\u0000') || controlRatio(head) > 0.02) return { refuse: 'binary' };
  const lines = firstLines(text, 8);
  const first = lines[0] ?? '';
  if (headerKind(first) !== null) return { kind: 'reg' };
  if (looksLikeRegQuery(text)) return { kind: 'reg-query' };
  if (looksLikeListing(text)) return { kind: 'ps-listing' };
  if (/^\s*\[Registry\]\s*$/im.test(text) && (/^\s*Root:\s*"?HK/im.test(text) || /^\s*\[Setup\]\s*$/im.test(text))) return { kind: 'inno' };
  const low = file.toLowerCase();
  // A .reg without its header: the first meaningful lines are [HKEY_...] keys or "name"=data values.
  const regLines = lines.filter((l) => REG_KEY_LINE.test(l) || REG_VALUE_LINE.test(l)).length;
  if (lines.length > 0 && (REG_KEY_LINE.test(first) || REG_VALUE_LINE.test(first)) && regLines * 2 >= lines.length) return { kind: 'reg' };
  const hasRegExe = REG_EXE.test(text);
  const psRegistry = PS_REGISTRY.test(text);
  const psScore = lines.filter((l) => PS_LINE.test(l)).length;
  if (/\.(cmd|bat)$/.test(low) && (hasRegExe || /^\s*@?\s*reg(\.exe)?\s+(query|export)\s/im.test(text))) return { kind: 'cmd' };
  if (/\.(ps1|psm1|psd1)$/.test(low) && (psRegistry || hasRegExe)) return { kind: 'ps1' };
  if (/\.iss$/.test(low) && /^\s*\[(Setup|Registry)\]\s*$/im.test(text)) return { kind: 'inno' };
  if (psRegistry) return { kind: 'ps1' };
  if (hasRegExe) return psScore > 0 ? { kind: 'ps1' } : { kind: 'cmd' };
  // Not something mailtls reads: say what it looks like.
  const t = first.trim();
  if ((t.startsWith('{') || t.startsWith('[')) && looksJson(text)) return { refuse: 'json' };
  if (/^<(\?xml|!DOCTYPE|html|[A-Za-z][\w:-]*[ >])/i.test(t)) return { refuse: 'xml' };
  if (lines.some((l) => /^\s*\[[^\]\\]+\]\s*$/.test(l)) && lines.some((l) => /^\s*[\w .-]+\s*=/.test(l))) return { refuse: 'ini' };
  if (psScore > 0 || lines.some((l) => CMD_LINE.test(l))) return { refuse: 'script-no-registry' };
  return { refuse: 'text' };
}

function controlRatio(s: string): number {
  if (s.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return bad / s.length;
}

function looksJson(text: string): boolean {
  if (text.length <= 1024 * 1024) {
    try {
      JSON.parse(text.replace(/^\ufeff/, ''));
      return true;
    } catch {
      /* fall through */
    }
  }
  return /^\s*[[{]\s*("|\{|\[|\d|true|false|null|\]|\})/.test(text);
}

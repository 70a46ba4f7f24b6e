// Language selection (--lang, else LC_ALL / LC_MESSAGES / LANG) and placeholder formatting for en/nl texts.

export type Lang = 'en' | 'nl';
export const LANGS: readonly Lang[] = ['en', 'nl'];

/** A text in every supported language. */
export type Text = Record<Lang, string>;

/** Picks the language: an explicit choice wins, then the POSIX locale variables; default English. */
export function resolveLang(explicit?: string | null, env: NodeJS.ProcessEnv = process.env): Lang {
  const pick = (v: string | undefined): Lang | undefined => {
    if (!v) return undefined;
    const l = v.toLowerCase();
    if (l.startsWith('nl')) return 'nl';
    if (l.startsWith('en') || l === 'c' || l.startsWith('c.') || l === 'posix') return 'en';
    return undefined;
  };
  if (explicit) {
    const l = pick(explicit);
    if (!l) throw new RangeError(`unknown language "${explicit}" (use en or nl)`);
    return l;
  }
  return pick(env.LC_ALL) ?? pick(env.LC_MESSAGES) ?? pick(env.LANG) ?? 'en';
}

export type Params = Record<string, string | number | boolean | null | undefined>;

/**
 * Replaces `{name}` placeholders; unknown placeholders stay visible so a missing parameter is noticed.
 * `{name#one|other}` is a count with its noun: `1 connection`, `3 connections` (`{n#connection|connections}`).
 */
export function format(template: string, params: Params = {}): string {
  return template.replace(/\{([a-zA-Z0-9_]+)(?:#([^|{}]*)\|([^|{}]*))?\}/g, (m, k: string, one?: string, other?: string) => {
    const v = params[k];
    if (v === undefined || v === null) return m;
    if (one === undefined) return String(v);
    return `${String(v)} ${Number(v) === 1 ? one : other}`;
  });
}

/** The placeholder names a template uses (for the catalogue consistency test). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([a-zA-Z0-9_]+)(?:#[^|{}]*\|[^|{}]*)?\}/g)].map((m) => m[1] as string).sort();
}

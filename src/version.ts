// The package version for --version, reports and the EHLO/user-agent strings, read from package.json (its one copy).
import { readFileSync } from 'node:fs';

/** package.json sits one level above this file both in src/ (tsx, tests) and in dist/ (a build or an installed package). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
    if (pkg.name === 'mailtls' && typeof pkg.version === 'string' && pkg.version.length > 0) return pkg.version;
  } catch {
    // fall through: a bundled or relocated copy without its package.json
  }
  return '0.0.0-unknown';
}

export const VERSION: string = packageVersion();

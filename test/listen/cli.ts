// Long-running CLI processes for the listen tests (kept as a name other suites import; the helper lives in test/helpers).
export { spawnCli as runCli, type CliRun } from '../helpers/cli.js';

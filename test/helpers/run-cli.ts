// Runs the mailtls CLI from the TypeScript sources (used by test/helpers/cli.ts when dist/ is older than src/).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);

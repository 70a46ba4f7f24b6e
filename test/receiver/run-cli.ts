// Runs the mailtls CLI from source (tests spawn it with `node --import tsx`, so no build is needed).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);

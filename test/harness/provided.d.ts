// Types of what test/harness/global-setup.ts provide()s, so inject('postfix') and inject('certs') are typed in tests.
import type { TestCerts } from './certs.js';
import type { PostfixFleetInfo } from './postfix.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Postfix receiver fleet (one instance per TLS configuration), or `available: false` with the reason. */
    postfix: PostfixFleetInfo;
    /** The run's test certificates (paths + PEM). */
    certs: TestCerts;
  }
}

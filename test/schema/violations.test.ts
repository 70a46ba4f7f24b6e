// The schemas have teeth: they compile under ajv's strict mode, and a real document with a missing required field, a
// wrong type, a value outside an enum or a malformed finding id fails; a field they do not know is allowed (docs/json.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, explainDocument } from '../../src/explain/explain.js';
import { startLabServers, type LabServers } from '../../src/lab/index.js';
import { probe } from '../../src/probe/probe.js';
import { auditRegistry, parseRegistryInput } from '../../src/registry/audit.js';
import { ROOT } from '../helpers/cli.js';
import { newAjv, schemaErrors, schemaOf, SCHEMA_NAMES } from './validate.js';

type Json = Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

let lab: LabServers;
let probeDoc: Json;
beforeAll(async () => {
  lab = await startLabServers({ servers: ['legacy-tls'] });
  probeDoc = clone(await probe(lab.get('legacy-tls').address, { allowPrivate: true, timeoutMs: 5000 })) as unknown as Json;
});
afterAll(async () => {
  await lab?.close();
});

/** Applies `edit` to a copy of `doc` and returns the schema errors of the result. */
// biome-ignore lint/suspicious/noExplicitAny: the edits reach into any path of a parsed JSON document on purpose
function errorsAfter(name: string, doc: Json, edit: (d: any) => void): string[] {
  const d = clone(doc);
  edit(d);
  return schemaErrors(name, d);
}

describe('the schemas themselves', () => {
  it('one per command output, each draft 2020-12, each compiling under strict mode', () => {
    expect(SCHEMA_NAMES).toEqual(['explain', 'lab', 'lab-list', 'lab-serve', 'listen', 'logs', 'probe', 'registry', 'report', 'scan', 'send']);
    const ajv = newAjv();
    for (const n of SCHEMA_NAMES) {
      const s = schemaOf(n);
      expect(s.$schema, n).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(() => ajv.compile(s), n).not.toThrow();
    }
  });

  it('docs/json.md names every schema file', () => {
    const md = readFileSync(join(ROOT, 'docs/json.md'), 'utf8');
    for (const n of SCHEMA_NAMES) expect(md, n).toContain(`schema/${n}.json`);
  });
});

describe('a violation fails', () => {
  it('the real probe document is valid as it is (the baseline of the cases below)', () => {
    expect((probeDoc.hosts as unknown[]).length).toBe(1);
    expect(schemaErrors('probe', probeDoc)).toEqual([]);
  });

  it('a missing required field', () => {
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        delete d.hosts[0].verdict;
      }),
    ).toEqual([expect.stringMatching(/^\/hosts\/0: must have required property 'verdict'/)]);
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        delete d.target;
      }).join('\n'),
    ).toMatch(/must have required property 'target'/);
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        delete d.hosts[0].tls.versions['TLSv1.3'];
      }).join('\n'),
    ).toMatch(/\/hosts\/0\/tls\/versions: must have required property 'TLSv1.3'/);
  });

  it('a wrong type', () => {
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        d.hosts[0].tls.versions['TLSv1.2'] = 'yes';
      }).join('\n'),
    ).toMatch(/\/hosts\/0\/tls\/versions\/TLSv1\.2: must be boolean,null/);
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        d.hosts[0].port = '25';
      }).join('\n'),
    ).toMatch(/\/hosts\/0\/port: must be integer/);
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        d.hosts = {};
      }).join('\n'),
    ).toMatch(/\/hosts: must be array/);
  });

  it('a value outside an enum, an unknown TLS version key, a malformed finding id', () => {
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        d.verdict = 'ok';
      }).join('\n'),
    ).toMatch(/\/verdict: must be equal to one of the allowed values/);
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        d.hosts[0].smtp.starttls = 'maybe';
      }).join('\n'),
    ).toMatch(/\/hosts\/0\/smtp\/starttls: must be equal to one of the allowed values/);
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        d.hosts[0].tls.ciphers['TLSv1.4'] = [];
      }).join('\n'),
    ).toMatch(/property name must be valid/);
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        d.hosts[0].findings[0].id = 'Legacy TLS';
      }).join('\n'),
    ).toMatch(/\/hosts\/0\/findings\/0\/id: must match pattern/);
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        d.hosts[0].findings[0].severity = 'critical';
      }).join('\n'),
    ).toMatch(/severity: must be equal to one of the allowed values/);
  });

  it('other commands: registry protocol verdicts, explain confidence', () => {
    const file = join(ROOT, 'test/fixtures/registry/dutch-article-lines.reg');
    const reg = clone(auditRegistry([parseRegistryInput(readFileSync(file), file)], { os: '2019' })) as unknown as Json;
    expect(schemaErrors('registry', reg)).toEqual([]);
    expect(
      errorsAfter('registry', reg, (d) => {
        d.protocols['TLS 1.2'].effective = 'on';
      }).join('\n'),
    ).toMatch(/\/protocols\/TLS 1\.2\/effective: must be equal to one of the allowed values/);
    expect(
      errorsAfter('registry', reg, (d) => {
        delete d.protocols['TLS 1.0'];
      }).join('\n'),
    ).toMatch(/must have required property 'TLS 1.0'/);
    const text = '451 5.7.3 STARTTLS is required to send mail';
    const ex = clone(explainDocument(text, explain(text))) as unknown as Json;
    expect(schemaErrors('explain', ex)).toEqual([]);
    expect(
      errorsAfter('explain', ex, (d) => {
        d.matches[0].confidence = 1.5;
      }).join('\n'),
    ).toMatch(/confidence: must be <= 1/);
  });

  it('a field the schema does not know is allowed (consumers ignore unknown fields)', () => {
    expect(
      errorsAfter('probe', probeDoc, (d) => {
        d.futureField = { anything: 1 };
        d.hosts[0].smtp.newCounter = 3;
      }),
    ).toEqual([]);
  });
});

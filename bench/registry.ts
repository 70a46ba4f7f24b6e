// Benchmark: audit a 10 MB regedit export (UTF-16LE) end to end, against the floor of just decoding and splitting it.
import { pathToFileURL } from 'node:url';
import { auditRegistry, parseRegistryInput } from '../src/registry/audit.js';
import { writeFixReg } from '../src/registry/fix.js';

const P = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';

/** A regedit-style export of about `bytes` bytes: SCHANNEL keys plus many ordinary keys, strings and wrapped hex data. */
export function syntheticExport(bytes: number): Buffer {
  const parts: string[] = ['Windows Registry Editor Version 5.00', ''];
  for (const p of ['TLS 1.0', 'TLS 1.1', 'TLS 1.2']) {
    for (const side of ['Client', 'Server']) {
      parts.push(
        `[${P}\\Protocols\\${p}\\${side}]`,
        `"DisabledByDefault"=dword:0000000${p === 'TLS 1.2' ? 0 : 1}`,
        `"Enabled"=dword:0000000${p === 'TLS 1.2' ? 1 : 0}`,
        '',
      );
    }
  }
  const hexLine = '  ' + Array.from({ length: 25 }, (_, i) => ((i * 7) % 256).toString(16).padStart(2, '0')).join(',') + ',\\';
  let size = 0;
  for (let i = 0; size < bytes / 2; i++) {
    const block = [
      `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Product${i % 97}\\Component${i}]`,
      `"DisplayName"="Component ${i} of the \\"bench\\" product"`,
      `"Version"=dword:${(i & 0xffff).toString(16).padStart(8, '0')}`,
      `"Data"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,16,17,\\`,
      hexLine,
      hexLine,
      '  ff,ee',
      `"Paths"=hex(7):43,00,3a,00,5c,00,00,00,00,00`,
      '',
    ].join('\r\n');
    parts.push(block);
    size += block.length + 2;
  }
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(parts.join('\r\n') + '\r\n', 'utf16le')]);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Measures and prints: median wall and CPU time of parse+audit+fix over 7 runs, MB/s, and the ratio to decode+split alone. */
export async function run(): Promise<void> {
  const input = syntheticExport(10 * 1024 * 1024);
  const mb = input.length / (1024 * 1024);
  const floor: number[] = [];
  const full: number[] = [];
  const cpu: number[] = [];
  let findings = 0;
  let lines = 0;
  for (let i = 0; i < 7; i++) {
    let t = performance.now();
    lines = new TextDecoder('utf-16le').decode(input.subarray(2)).split(/\r\n|\n|\r/).length;
    floor.push(performance.now() - t);
    t = performance.now();
    const c = process.cpuUsage();
    const src = parseRegistryInput(input, 'bench.reg');
    const r = auditRegistry(src);
    writeFixReg(r.fix);
    full.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    findings = r.findings.length;
  }
  const f = median(floor),
    a = median(full);
  process.stdout.write(
    `registry: ${mb.toFixed(1)} MB UTF-16LE export, ${lines} lines, ${findings} findings\n` +
      `  decode+split only (floor)   ${f.toFixed(0).padStart(5)} ms\n` +
      `  mailtls parse+audit+fix     ${a.toFixed(0).padStart(5)} ms  ${(mb / (a / 1000)).toFixed(0)} MB/s  ` +
      `${(a / f).toFixed(1)}x the floor, ${(a / 1000).toFixed(2)}x the 1 s budget\n` +
      `  mailtls CPU time (user+sys) ${median(cpu).toFixed(0).padStart(5)} ms  (wall time above includes waiting for a busy CPU)\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void run();

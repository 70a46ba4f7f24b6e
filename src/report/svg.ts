// Inline SVG charts generated for the report page (no dependency): bars, 100 % stacked bars, stacked columns, donut.
import { esc, txt } from './html.js';

export interface Bar {
  label: string;
  value: number;
  colour: string;
  note?: string;
}
export interface Part {
  key: string;
  value: number;
}
export interface Key {
  key: string;
  label: string;
  colour: string;
}

const ROW = 40;

/** A chart in a <figure> with caption and (optional) legend; `svg` is already safe markup. */
export function chartFigure(caption: string, svg: string, legend: readonly Key[] = [], scroll = false): string {
  const lg = legend.length
    ? `<ul class="legend">${legend.map((k) => `<li><span class="sw" style="background:${k.colour}"></span>${esc(k.label)}</li>`).join('')}</ul>`
    : '';
  return `<figure class="chart"><figcaption>${esc(caption)}</figcaption>${scroll ? `<div class="chart-scroll">${svg}</div>` : svg}${lg}</figure>`;
}

/** Horizontal bars, widths in percent of the largest value, so the chart reflows on any screen without scaling text. */
export function barChart(bars: readonly Bar[], label: string, fmt: (n: number) => string): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const h = bars.length * ROW;
  const rows = bars.map((b, i) => {
    const y = i * ROW;
    const w = Math.max(b.value > 0 ? 0.6 : 0, (b.value / max) * 100);
    return (
      `<text x="0" y="${y + 14}" font-size="13">${txt(b.label, 60)}<tspan dx="8" font-weight="700">${esc(fmt(b.value))}</tspan>` +
      (b.note ? `<tspan dx="6" fill="#667085">${esc(b.note)}</tspan>` : '') +
      `</text><rect x="0" y="${y + 20}" width="100%" height="12" rx="3" fill="#f2f4f7"/>` +
      `<rect x="0" y="${y + 20}" width="${w.toFixed(2)}%" height="12" rx="3" fill="${b.colour}"/>`
    );
  });
  return `<svg role="img" aria-label="${esc(label)}" height="${h}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`;
}

/** One 100 % stacked bar per row (e.g. a peer's TLS versions); the row label carries the total. */
export function stackedBars(rows: readonly { label: string; parts: readonly Part[]; note: string }[], keys: readonly Key[], label: string): string {
  const colour = new Map(keys.map((k) => [k.key, k.colour]));
  const h = rows.length * ROW;
  const out = rows.map((r, i) => {
    const y = i * ROW;
    const total = r.parts.reduce((a, p) => a + p.value, 0);
    let x = 0;
    const segs = r.parts
      .filter((p) => p.value > 0)
      .map((p) => {
        const w = total > 0 ? (p.value / total) * 100 : 0;
        const s = `<rect x="${x.toFixed(2)}%" y="${y + 20}" width="${w.toFixed(2)}%" height="12" fill="${colour.get(p.key) ?? '#98a2b3'}"><title>${txt(p.key, 40)}: ${p.value}</title></rect>`;
        x += w;
        return s;
      });
    return `<text x="0" y="${y + 14}" font-size="13">${txt(r.label, 60)}<tspan dx="8" fill="#667085">${esc(r.note)}</tspan></text><rect x="0" y="${y + 20}" width="100%" height="12" fill="#f2f4f7"/>${segs.join('')}`;
  });
  return `<svg role="img" aria-label="${esc(label)}" height="${h}" xmlns="http://www.w3.org/2000/svg">${out.join('')}</svg>`;
}

/** A round axis maximum at or above `v`. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Stacked columns over time (e.g. TLS versions per day), scaled by a viewBox; wrap in a scroller on small screens. */
export function columnChart(
  cols: readonly { label: string; parts: readonly Part[] }[],
  keys: readonly Key[],
  label: string,
  fmt: (n: number) => string,
): string {
  const W = 720,
    H = 260,
    L = 52,
    R = 8,
    T = 10,
    B = 30;
  const pw = W - L - R,
    ph = H - T - B;
  const totals = cols.map((c) => c.parts.reduce((a, p) => a + p.value, 0));
  const max = niceMax(Math.max(0, ...totals));
  const colour = new Map(keys.map((k) => [k.key, k.colour]));
  const out: string[] = [];
  for (let g = 0; g <= 4; g++) {
    const v = (max * g) / 4;
    const y = T + ph - (ph * g) / 4;
    out.push(`<line x1="${L}" x2="${W - R}" y1="${y}" y2="${y}" stroke="${g === 0 ? '#98a2b3' : '#eaecf0'}"/>`);
    out.push(`<text x="${L - 6}" y="${y + 4}" font-size="12" text-anchor="end">${esc(fmt(Math.round(v)))}</text>`);
  }
  const n = Math.max(1, cols.length);
  const slot = pw / n;
  const bw = Math.max(1, Math.min(36, slot * 0.72));
  const every = Math.ceil(n / 12);
  cols.forEach((c, i) => {
    const x = L + i * slot + (slot - bw) / 2;
    let y = T + ph;
    for (const p of c.parts) {
      if (p.value <= 0) continue;
      const hgt = (p.value / max) * ph;
      y -= hgt;
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${hgt.toFixed(1)}" fill="${colour.get(p.key) ?? '#98a2b3'}"><title>${txt(c.label, 40)} ${txt(p.key, 40)}: ${p.value}</title></rect>`,
      );
    }
    if (i % every === 0) {
      const short = /^\d{4}-(\d{2}-\d{2})/.exec(c.label)?.[1] ?? c.label;
      out.push(`<text x="${(x + bw / 2).toFixed(1)}" y="${H - 10}" font-size="12" text-anchor="middle">${txt(short, 12)}</text>`);
    }
  });
  return `<svg class="vb" role="img" aria-label="${esc(label)}" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg">${out.join('')}</svg>`;
}

/** A donut of shares with the total in the middle; the legend beside it carries the numbers. */
export function donut(parts: readonly Bar[], centre: string, centreSub: string, label: string): string {
  const total = parts.reduce((a, p) => a + p.value, 0);
  const r = 46,
    c = 2 * Math.PI * r;
  let off = 0;
  const arcs = parts
    .filter((p) => p.value > 0)
    .map((p) => {
      const len = total > 0 ? (p.value / total) * c : 0;
      const s = `<circle cx="60" cy="60" r="${r}" fill="none" stroke="${p.colour}" stroke-width="18" stroke-dasharray="${len.toFixed(3)} ${(c - len).toFixed(3)}" stroke-dashoffset="${(-off).toFixed(3)}" transform="rotate(-90 60 60)"/>`;
      off += len;
      return s;
    });
  return (
    `<svg class="vb" role="img" aria-label="${esc(label)}" viewBox="0 0 120 120" xmlns="http://www.w3.org/2000/svg">` +
    `<circle cx="60" cy="60" r="${r}" fill="none" stroke="#f2f4f7" stroke-width="18"/>${arcs.join('')}` +
    `<text x="60" y="60" font-size="17" font-weight="700" text-anchor="middle">${esc(centre)}</text>` +
    `<text x="60" y="76" font-size="9" text-anchor="middle" fill="#667085">${esc(centreSub)}</text></svg>`
  );
}

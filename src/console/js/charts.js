/**
 * Survey charts as inline SVG, drawn here (no chart library: a few hundred bytes of markup per
 * chart, nothing to download on a slow line).
 *
 * Colours: ColorBrewer's RdBu, a diverging scale that stays readable with the common kinds of
 * colour blindness: disagreement in reds, agreement in blues, the two middle points pale. A
 * frequency scale ("never" … "every week") is ordered but not two-sided, so it gets the
 * sequential Blues instead. Right to left, the bars run from the right, as the labels read.
 */
import { s } from './dom.js';
import { lang, num, percent } from './i18n.js';

export const DIVERGING = ['#b2182b', '#ef8a62', '#fddbc7', '#d1e5f0', '#67a9cf', '#2166ac'];
export const SEQUENTIAL = ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
/** Segments on which white text reads better than black. */
const DARK = new Set(['#b2182b', '#2166ac', '#3182bd', '#08519c']);

export function palette(scale) {
  return scale === 'frequency' ? SEQUENTIAL : DIVERGING;
}

/**
 * One item's answers as a 100 % stacked bar: `distribution` = six counts for answers 1..6,
 * `labels` = the six answer labels (for each segment's tooltip).
 */
export function stackedBar(distribution, scale, labels) {
  const total = distribution.reduce((a, b) => a + b, 0);
  const colours = palette(scale);
  const rtl = lang() === 'ar';
  const svg = s('svg', { class: 'stacked', width: '100%', height: 32, role: 'img', 'aria-label': labels.map((l, i) => `${l}: ${num(distribution[i] ?? 0)}`).join(', '), dataset: { testid: 'item-bar' } });
  if (!total) {
    svg.append(s('rect', { x: 0, y: 0, width: '100%', height: 32, fill: '#eee' }));
    return svg;
  }
  let start = 0;
  distribution.forEach((count, i) => {
    if (!count) return;
    const w = (count / total) * 100;
    const x = rtl ? 100 - start - w : start;
    const colour = colours[i];
    const label = `${labels[i]}: ${num(count)} (${percent(count / total)})`;
    svg.append(s('rect', { x: `${x}%`, y: 0, width: `${w}%`, height: 32, fill: colour, dataset: { answer: i + 1 } }, s('title', {}, label)));
    if (w >= 7) {
      svg.append(s('text', { x: `${x + w / 2}%`, y: 21, 'text-anchor': 'middle', fill: DARK.has(colour) ? '#fff' : '#111', 'font-size': 13 }, num(count)));
    }
    start += w;
  });
  return svg;
}

/** A colour for rho in −1..1 on the same diverging scale: red for negative, blue for positive. */
export function rhoColour(rho) {
  if (rho === null || rho === undefined) return '#e0e0e0';
  const [from, to] = rho < 0 ? ['#f7f7f7', '#b2182b'] : ['#f7f7f7', '#2166ac'];
  return mix(from, to, Math.min(1, Math.abs(rho)));
}

function mix(a, b, f) {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return `#${pa.map((v, i) => Math.round(v + (pb[i] - v) * f).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The Spearman matrix of the subscales as a heat map: rho in each cell, p and n in its tooltip.
 * Rows carry "k. name", columns the number k, so long names never need rotating.
 * `ids`: subscale ids in order; `names(id)`: its label; `pairs`: [{a, b, rho, p, n}].
 */
export function heatMap(ids, names, pairs, tooltip) {
  const cell = 56;
  // Room for the longest "k. name" at 13 px (about 7.2 px a letter), so no name is cut at the edge.
  const longest = Math.max(...ids.map((id, i) => `${i + 1}. ${names(id)}`.length));
  const labelW = Math.max(120, Math.ceil(longest * 7.2) + 12);
  const head = 28;
  const rtl = lang() === 'ar';
  const width = labelW + cell * ids.length;
  // What a screen reader says for the picture (role img hides its cells): every pair and its rho.
  const said = pairs.map((p) => `${names(p.a)} – ${names(p.b)}: ${p.rho === null || p.rho === undefined ? '—' : num(p.rho, 2)}`).join('; ');
  const svg = s('svg', { class: 'heatmap', viewBox: `0 0 ${width} ${head + cell * ids.length}`, width: '100%', style: { maxWidth: `${width}px` }, role: 'img', 'aria-label': said || '—', dataset: { testid: 'heatmap' } });
  const colX = (j) => (rtl ? width - labelW - cell * (j + 1) : labelW + cell * j);
  const find = (a, b) => pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  ids.forEach((id, j) => svg.append(s('text', { x: colX(j) + cell / 2, y: head - 8, 'text-anchor': 'middle', 'font-size': 14 }, num(j + 1))));
  ids.forEach((row, i) => {
    const y = head + cell * i;
    // With direction rtl, 'start' is the right edge: both put the label's inner edge at x.
    svg.append(s('text', { x: rtl ? width - 6 : labelW - 6, y: y + cell / 2 + 5, 'text-anchor': rtl ? 'start' : 'end', direction: rtl ? 'rtl' : 'ltr', 'font-size': 13 }, `${num(i + 1)}. ${names(row)}`));
    ids.forEach((col, j) => {
      const pair = row === col ? { rho: 1, p: null, n: null } : find(row, col);
      const rho = pair?.rho ?? null;
      const g = s('g', { dataset: { testid: 'heat-cell' } },
        s('title', {}, row === col ? names(row) : tooltip(names(row), names(col), pair)),
        s('rect', { x: colX(j), y, width: cell - 2, height: cell - 2, fill: rhoColour(rho) }),
        s('text', { x: colX(j) + cell / 2 - 1, y: y + cell / 2 + 4, 'text-anchor': 'middle', 'font-size': 13, fill: rho !== null && Math.abs(rho) > 0.6 ? '#fff' : '#111' }, rho === null ? '—' : num(rho, 2)));
      svg.append(g);
    });
  });
  return svg;
}

/**
 * Text in our PDFs: Cairo, an Arabic and Latin sans, whose package ships the family cut into
 * subsets (Arabic, Latin, Latin Extended: one file each, as a browser takes them by
 * `unicode-range`), embedded and subset again by pdfkit; each character drawn in the subset that
 * covers it, the line ordered by the bidirectional algorithm (pdf-bidi.ts) and shaped by fontkit.
 *
 * Why Cairo: each of its joined letter forms is a glyph of its own, so the PDF's glyph-to-text
 * map reads back right (copy, search, screen readers). Noto Sans Arabic draws ب ت ث ن ي on one
 * dotless shape plus dots, and a PDF maps one glyph to one text: خ came back as ح.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';
import { readsRightToLeft, visualPieces, type Direction, type Piece } from './pdf-bidi.js';

type Doc = InstanceType<typeof PDFDocument>;
export type Weight = 400 | 700;

const FAMILY = '@fontsource/cairo';
/** In the order a character is looked for: most of our text is Latin or Arabic. */
const SUBSETS = ['latin', 'latin-ext', 'arabic'] as const;
type Subset = (typeof SUBSETS)[number];

const require = createRequire(import.meta.url);

/** Each subset's code point ranges, from the package's own `unicode.json` ("U+0600-06FF,…"). */
const RANGES: Record<Subset, Array<[number, number]>> = (() => {
  const table = JSON.parse(readFileSync(require.resolve(`${FAMILY}/unicode.json`), 'utf8')) as Record<string, string>;
  return Object.fromEntries(SUBSETS.map((s) => [s, (table[s] ?? '').split(',').map((range) => {
    const [from = '0', to = from] = range.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(from, 16), parseInt(to, 16)] as [number, number];
  })])) as Record<Subset, Array<[number, number]>>;
})();

/** The font files (WOFF: fontkit reads it, and pdfkit embeds a TrueType subset), read once. */
let files: Map<string, Buffer> | undefined;
function fontFiles(): Map<string, Buffer> {
  files ??= new Map(SUBSETS.flatMap((subset) => ([400, 700] as const).map((weight) =>
    [fontName(subset, weight), readFileSync(require.resolve(`${FAMILY}/files/cairo-${subset}-${weight}-normal.woff`))] as const)));
  return files;
}

function fontName(subset: Subset, weight: Weight): string {
  return `cairo-${subset}-${weight}`;
}

/** Registers the fonts with a new document. */
export function registerFonts(doc: Doc): void {
  for (const [name, data] of fontFiles()) doc.registerFont(name, data);
}

function covers(subset: Subset, codePoint: number): boolean {
  return RANGES[subset].some(([from, to]) => codePoint >= from && codePoint <= to);
}

/** The subset of the character before it when that covers it too (fewer, longer runs), else the first that does. */
function subsetFor(codePoint: number, previous: Subset | undefined): Subset {
  if (previous && covers(previous, codePoint)) return previous;
  return SUBSETS.find((s) => covers(s, codePoint)) ?? 'latin';
}

/** The part of pdfkit's document we reach into (not its public API): the fonts it embeds. */
interface EmbeddedFonts {
  _fontFamilies?: Record<string, { unicode?: Array<number[] | undefined> }>;
}
const ARABIC_LETTER = /\p{Script=Arabic}/u;

/**
 * Call before `doc.end()`. A ligature of Arabic letters (لا, and Cairo's لي, تي …) is one glyph
 * that stands for several letters, and the PDF says which in logical order. Text extractors
 * (poppler, pdf.js) take a right-to-left line's glyphs from right to left and reverse the
 * letters of each glyph with them, so "بنعلي" would be copied as "بنعيل". Written down in
 * visual order here, they come back in logical order. Without this (should pdfkit's internals
 * change) the print is the same and only copied or searched text suffers; the join-slips test
 * reads the text back and would say so.
 */
export function mapLigaturesForExtraction(doc: Doc): void {
  const fonts = new Set(Object.values((doc as unknown as EmbeddedFonts)._fontFamilies ?? {}));
  for (const font of fonts) {
    font.unicode?.forEach((codePoints, gid, map) => {
      if (codePoints && codePoints.length > 1 && ARABIC_LETTER.test(String.fromCodePoint(...codePoints))) map[gid] = [...codePoints].reverse();
    });
  }
}

export interface TextStyle {
  sizePt: number;
  weight: Weight;
  direction: Direction;
  color?: string;
}

/** A line's pieces in drawing order, each with its width at this size. */
function measure(doc: Doc, text: string, style: TextStyle): Array<Piece<Subset> & { widthPt: number }> {
  return visualPieces<Subset>(text, style.direction, subsetFor).map((piece) => {
    doc.font(fontName(piece.font, style.weight)).fontSize(style.sizePt);
    return { ...piece, widthPt: doc.widthOfString(piece.text) };
  });
}

export function lineWidth(doc: Doc, text: string, style: TextStyle): number {
  return measure(doc, text, style).reduce((sum, p) => sum + p.widthPt, 0);
}

/**
 * Draws one line centred on `centerX`, its baseline at `baselineY`; a line wider than
 * `maxWidthPt` is drawn smaller, down to `minSizePt`, and what still does not fit is clipped
 * at the end of the line (a long name must not run into the next slip).
 */
export function drawLine(doc: Doc, text: string, at: { centerX: number; baselineY: number; maxWidthPt: number; minSizePt: number }, style: TextStyle): void {
  let sizePt = style.sizePt;
  const natural = lineWidth(doc, text, style);
  if (natural > at.maxWidthPt) sizePt = Math.max(at.minSizePt, (style.sizePt * at.maxWidthPt) / natural);
  const pieces = measure(doc, text, { ...style, sizePt });
  const width = pieces.reduce((sum, p) => sum + p.widthPt, 0);
  const overflowPt = Math.max(0, width - at.maxWidthPt);
  let x = at.centerX - Math.min(width, at.maxWidthPt) / 2 - (readsRightToLeft(text, style.direction) ? overflowPt : 0);
  doc.save();
  doc.rect(at.centerX - at.maxWidthPt / 2, at.baselineY - sizePt * 2, at.maxWidthPt, sizePt * 3).clip();
  doc.fillColor(style.color ?? 'black');
  for (const piece of pieces) {
    doc.font(fontName(piece.font, style.weight)).fontSize(sizePt)
      .text(piece.text, x, at.baselineY, { lineBreak: false, baseline: 'alphabetic' });
    x += piece.widthPt;
  }
  doc.restore();
}

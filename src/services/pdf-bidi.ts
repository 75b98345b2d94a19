/**
 * One line of mixed Arabic and Latin text, cut into the pieces a PDF draws left to right.
 *
 * pdfkit hands each piece to fontkit, which shapes it (Arabic letters take their joined initial,
 * medial and final forms) and, when the piece's script is right-to-left, returns its glyphs
 * already reversed. What neither does is the Unicode Bidirectional Algorithm across a line
 * (UAX #9): word order in an Arabic sentence, a Latin name or a number inside it. So here, with
 * bidi-js: resolve each character's level (rules P–I), cut the line where the level, the font
 * or a space changes, reorder the pieces (rule L2) and then make each piece come out in visual
 * order — trusting fontkit's reversal where it happens and doing it ourselves where it does not.
 * Spaces are pieces of their own because pdfkit lays out the words of a string separately and
 * puts them left to right (its layout cache), which would undo the word order.
 */
import bidiJs from 'bidi-js';

/** bidi-js's `module.exports` is its factory; its types declare that as an ES default export. */
const bidi = (bidiJs as unknown as typeof bidiJs.default)();

export type Direction = 'ltr' | 'rtl' | 'auto';

/** A piece of a line in visual order: its text as handed to the PDF, and the font that draws it. */
export interface Piece<F extends string = string> {
  text: string;
  font: F;
}

/**
 * Scripts fontkit lays out right to left (it reverses the glyphs of a run whose first
 * non-Common, non-Inherited character is of one of them); the rest of its list has no glyph in
 * our fonts.
 */
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;
/** Embedding, override and isolate controls: pasted into a name they would unbalance the line. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** Marks and joiners stay in the font of the letter before them, or shaping breaks. */
const CLINGS = /^[\p{M}\u200C\u200D]$/u;

interface Cut<F extends string> {
  text: string;
  font: F;
  level: number;
  space: boolean;
}

/**
 * The line's pieces in the order they are drawn, left to right. `fontFor` names the font that
 * has a character (`previous`: the font of the character before it).
 */
export function visualPieces<F extends string>(line: string, direction: Direction, fontFor: (codePoint: number, previous: F | undefined) => F): Piece<F>[] {
  const text = line.replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim();
  if (!text) return [];
  const { levels } = bidi.getEmbeddingLevels(text, direction);
  return reorder(cutByLevelFontAndSpace(text, levels, fontFor)).flatMap(inVisualOrder);
}

/** Whether a line reads right to left, by its first strong character (rule P2), for `auto` lines. */
export function readsRightToLeft(line: string, direction: Direction): boolean {
  if (direction !== 'auto') return direction === 'rtl';
  return (bidi.getEmbeddingLevels(line.replace(BIDI_CONTROLS, ''), 'auto').paragraphs[0]?.level ?? 0) % 2 === 1;
}

/** Maximal runs of one level and one font, spaces apart. Levels are per UTF-16 unit. */
function cutByLevelFontAndSpace<F extends string>(text: string, levels: Uint8Array, fontFor: (codePoint: number, previous: F | undefined) => F): Cut<F>[] {
  const cuts: Cut<F>[] = [];
  let index = 0;
  for (const char of text) {
    const level = levels[index] ?? 0;
    index += char.length;
    const last = cuts.at(-1);
    const space = char === ' ';
    const font = CLINGS.test(char) && last ? last.font : fontFor(char.codePointAt(0) ?? 0, last?.font);
    if (last && !space && !last.space && last.level === level && last.font === font) last.text += char;
    else cuts.push({ text: char, font, level, space });
  }
  return cuts;
}

/** Rule L2: from the highest level down to the lowest odd one, reverse every run at that level or above. */
function reorder<F extends string>(cuts: Cut<F>[]): Cut<F>[] {
  const out = [...cuts];
  const highest = Math.max(...out.map((c) => c.level));
  const lowestOdd = Math.min(...out.map((c) => (c.level % 2 ? c.level : c.level + 1)));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let start = 0; start < out.length; start++) {
      if ((out[start] as Cut<F>).level < level) continue;
      let end = start;
      while (end + 1 < out.length && (out[end + 1] as Cut<F>).level >= level) end++;
      out.splice(start, end - start + 1, ...out.slice(start, end + 1).reverse());
      start = end;
    }
  }
  return out;
}

/**
 * A piece whose characters must read right to left (odd level) is left to fontkit when it will
 * reverse it (Arabic letters), else reversed here, brackets mirrored. A left-to-right piece that
 * fontkit would reverse (Arabic-Indic digits are of the Arabic script) goes one character at a
 * time, where reversing changes nothing.
 */
function inVisualOrder<F extends string>(cut: Cut<F>): Piece<F>[] {
  const reversedByFontkit = RTL_SCRIPT.test(cut.text);
  if (cut.level % 2 === 1) {
    if (reversedByFontkit) return [{ text: cut.text, font: cut.font }];
    return [{ text: [...cut.text].reverse().map((c) => bidi.getMirroredCharacter(c) ?? c).join(''), font: cut.font }];
  }
  if (!reversedByFontkit) return [{ text: cut.text, font: cut.font }];
  return graphemes(cut.text).map((g) => ({ text: g, font: cut.font }));
}

/** Characters with the marks that follow them. */
function graphemes(text: string): string[] {
  const out: string[] = [];
  for (const char of text) {
    if (CLINGS.test(char) && out.length) out[out.length - 1] += char;
    else out.push(char);
  }
  return out;
}

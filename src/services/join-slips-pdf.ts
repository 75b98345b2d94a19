/**
 * The join slips as an A4 PDF to print and cut: 2 × 4 slips a page, dashed cut lines around
 * each. A slip, top to bottom: the school, the child (large), the class and the guardian; a
 * QR code per app with its name under it; what to do, in Arabic, French and English.
 *
 * The layout is plain arithmetic on points (1/72 inch; y grows downwards as pdfkit draws),
 * exported so a test knows where each code is without reading the PDF back.
 */
import PDFDocument from 'pdfkit';
import { encode } from 'uqr';
import type { JoinSlip, JoinSlipSheet } from './join-slips.js';
import { drawLine, mapLigaturesForExtraction, registerFonts, type TextStyle } from './pdf-text.js';

type Doc = InstanceType<typeof PDFDocument>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A4 in points, and the slips on it: a 5 mm margin most printers can print into. */
export const PAGE = { widthPt: 595.28, heightPt: 841.89, marginPt: 14, columns: 2, rows: 4 } as const;
export const SLIPS_PER_PAGE = PAGE.columns * PAGE.rows;

/** Inside a slip: what is left of it between the cut line and the text. */
const PADDING_PT = 10;
/** School, child and class lines: each line's baseline below the slip's top padding, and the block's height. */
const HEADER = { baselinesPt: [8, 26, 40], heightPt: 46 } as const;
/** The three instruction lines, from the block's top; Arabic a little larger (its letters are smaller at one size). */
const FOOTER = { baselinesPt: [13, 25, 35], heightPt: 38 } as const;
/** The app's name under its code. */
const LABEL = { gapPt: 2, heightPt: 11 } as const;
const CODE_GAP_PT = 12;
/** White modules around a code: the QR standard's minimum quiet zone. */
export const QR_QUIET_MODULES = 4;

export interface SlipLayout {
  inner: Rect;
  /** Baselines of the school, child and class lines. */
  headerBaselines: number[];
  /** One square per code, quiet zone included, left to right. */
  codes: Rect[];
  labelBaseline: number;
  instructionBaselines: number[];
}

/** Where slip `index` of a page sits: row by row, left to right. */
export function slipRect(index: number): Rect {
  const width = (PAGE.widthPt - 2 * PAGE.marginPt) / PAGE.columns;
  const height = (PAGE.heightPt - 2 * PAGE.marginPt) / PAGE.rows;
  const slot = index % SLIPS_PER_PAGE;
  return { x: PAGE.marginPt + (slot % PAGE.columns) * width, y: PAGE.marginPt + Math.floor(slot / PAGE.columns) * height, width, height };
}

/** A slip's parts for `codeCount` codes: the codes as large as the space between the text allows, centred. */
export function slipLayout(slip: Rect, codeCount: number): SlipLayout {
  const inner = { x: slip.x + PADDING_PT, y: slip.y + PADDING_PT, width: slip.width - 2 * PADDING_PT, height: slip.height - 2 * PADDING_PT };
  const footerTop = inner.y + inner.height - FOOTER.heightPt;
  const codesTop = inner.y + HEADER.heightPt;
  const codesHeight = footerTop - codesTop - LABEL.gapPt - LABEL.heightPt;
  const n = Math.max(1, codeCount);
  const side = Math.max(0, Math.min(codesHeight, (inner.width - (n - 1) * CODE_GAP_PT) / n));
  const rowWidth = codeCount * side + Math.max(0, codeCount - 1) * CODE_GAP_PT;
  const left = inner.x + (inner.width - rowWidth) / 2;
  return {
    inner,
    headerBaselines: HEADER.baselinesPt.map((b) => inner.y + b),
    codes: Array.from({ length: codeCount }, (_, i) => ({ x: left + i * (side + CODE_GAP_PT), y: codesTop, width: side, height: side })),
    labelBaseline: codesTop + side + LABEL.gapPt + LABEL.heightPt - 3,
    instructionBaselines: FOOTER.baselinesPt.map((b) => footerTop + b),
  };
}

/** What to do, Arabic first; "the code of your app" when there is a choice. */
const INSTRUCTIONS = {
  one: [
    'امسحوا الرمز بهاتفكم، ثم أرسلوا الرسالة التي تظهر لكم.',
    'Scannez le code avec votre téléphone, puis envoyez le message qui s’affiche.',
    'Scan the code with your phone, then send the message that appears.',
  ],
  several: [
    'امسحوا بهاتفكم رمز التطبيق الذي تستعملونه، ثم أرسلوا الرسالة التي تظهر لكم.',
    'Scannez le code de votre application, puis envoyez le message qui s’affiche.',
    'Scan the code of the app you use, then send the message that appears.',
  ],
} as const;
const INSTRUCTION_STYLES: TextStyle[] = [
  { sizePt: 8.5, weight: 400, direction: 'rtl' },
  { sizePt: 7, weight: 400, direction: 'ltr', color: '#333333' },
  { sizePt: 7, weight: 400, direction: 'ltr', color: '#333333' },
];
const MIN_TEXT_PT = 5.5;

/** The sheet as PDF bytes: one page per 8 slips (one empty page for a class with no slips). */
export async function renderJoinSlipsPdf(sheet: JoinSlipSheet): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [PAGE.widthPt, PAGE.heightPt],
    margin: 0,
    autoFirstPage: false,
    lang: 'ar',
    info: { Title: [sheet.schoolName, sheet.className].filter(Boolean).join(' — '), Subject: 'Join slips' },
  });
  const bytes = collect(doc);
  registerFonts(doc);
  sheet.slips.forEach((slip, i) => {
    if (i % SLIPS_PER_PAGE === 0) doc.addPage();
    drawSlip(doc, sheet.schoolName, slip, slipRect(i));
  });
  if (!sheet.slips.length) doc.addPage();
  mapLigaturesForExtraction(doc);
  doc.end();
  return bytes;
}

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function drawSlip(doc: Doc, schoolName: string | undefined, slip: JoinSlip, rect: Rect): void {
  const layout = slipLayout(rect, slip.codes.length);
  const { inner } = layout;
  drawCutLines(doc, rect);
  const line = (text: string, baselineY: number, style: TextStyle) =>
    drawLine(doc, text, { centerX: inner.x + inner.width / 2, baselineY, maxWidthPt: inner.width, minSizePt: MIN_TEXT_PT }, style);
  const [schoolY = 0, childY = 0, classY = 0] = layout.headerBaselines;
  if (schoolName) line(schoolName, schoolY, { sizePt: 7.5, weight: 400, direction: 'auto', color: '#555555' });
  line(slip.childName, childY, { sizePt: 13, weight: 700, direction: 'auto' });
  line(`${slip.className} · ${slip.guardianName}`, classY, { sizePt: 8.5, weight: 400, direction: 'auto' });
  slip.codes.forEach((code, i) => {
    const box = layout.codes[i] as Rect;
    drawQrCode(doc, code.url, box);
    drawLine(doc, code.label, { centerX: box.x + box.width / 2, baselineY: layout.labelBaseline, maxWidthPt: box.width + CODE_GAP_PT, minSizePt: MIN_TEXT_PT }, { sizePt: 8, weight: 700, direction: 'ltr' });
  });
  const texts = slip.codes.length > 1 ? INSTRUCTIONS.several : INSTRUCTIONS.one;
  texts.forEach((text, i) => line(text, layout.instructionBaselines[i] ?? 0, INSTRUCTION_STYLES[i] as TextStyle));
}

/** Each slip's own outline, dashed; a side two slips share is drawn twice on the same spot. */
function drawCutLines(doc: Doc, rect: Rect): void {
  doc.save().lineWidth(0.5).strokeColor('#999999').dash(4, { space: 3 });
  doc.moveTo(rect.x, rect.y).lineTo(rect.x + rect.width, rect.y)
    .moveTo(rect.x, rect.y + rect.height).lineTo(rect.x + rect.width, rect.y + rect.height)
    .moveTo(rect.x, rect.y).lineTo(rect.x, rect.y + rect.height)
    .moveTo(rect.x + rect.width, rect.y).lineTo(rect.x + rect.width, rect.y + rect.height)
    .stroke();
  doc.restore();
}

/**
 * The code as vector squares (sharp at any printer's resolution): each row's dark modules
 * joined into runs, all filled as one path. Error correction M (15 %) survives a smudge or a
 * fold; the quiet zone is inside `box`.
 */
function drawQrCode(doc: Doc, text: string, box: Rect): void {
  const { data, size } = encode(text, { ecc: 'M', border: 0 });
  const modulePt = box.width / (size + 2 * QR_QUIET_MODULES);
  const left = box.x + QR_QUIET_MODULES * modulePt;
  const top = box.y + QR_QUIET_MODULES * modulePt;
  doc.save();
  data.forEach((row, y) => {
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue;
      const start = x;
      while (x + 1 < size && row[x + 1]) x++;
      doc.rect(left + start * modulePt, top + y * modulePt, (x - start + 1) * modulePt, modulePt);
    }
  });
  doc.fillColor('black').fill();
  doc.restore();
}

/**
 * A family answering an absence notice: a tapped reason, the reason in their own words ("he had
 * a fever", "مريض", "problème de transport"), or a photo of a medical certificate. The notice in
 * view is the newest one sent that is not answered yet (or the one quoted, or the one whose
 * "other reason" they tapped). Once answered, more words go to the teacher as usual.
 */
import { decodeAbsenceChoice, encodeAbsenceChoice } from '../../core/choice.js';
import { ABSENCE_REASONS, type AbsenceReason, type Choice, type Locale } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { message } from './messages.js';
import type { Turn } from './turn.js';
import type { EventInfo } from './types.js';

/** A notice is answered in the days after it, not weeks later. */
const OPEN_MS = 7 * 24 * 3_600_000;

/** Words that name a reason, in the family's languages; anything else is "other", with the words kept. */
const REASON_WORDS: ReadonlyArray<[AbsenceReason, RegExp]> = [
  ['sick', /\b(?:sick|ill|fever|flu|doctor|hospital|malade|maladie|fi[eè]vre|m[ée]decin|h[ôo]pital|grippe|mrid|mrida)\b|مريض|مريضة|مرض|مرضت|سخانة|الحمى|حمى|طبيب|الطبيب|سبيطار|المستشفى|الدكتور/i],
  ['family', /\b(?:family|funeral|wedding|famille|familial|d[ée]c[eè]s|mariage|[ée]nterrement|voyage|travel)\b|عائل|العائلة|عرس|وفاة|جنازة|مناسبة|سافرنا|سفر|العائلية/i],
  ['transport', /\b(?:bus|transport|car broke|taxi|road|route|car)\b|النقل|الطوبيس|طوبيس|الحافلة|حافلة|الطريق|الكار|طاكسي|الطاكسي/i],
];

export function absenceChoices(locale: Locale, eventId: string): Choice[] {
  return ABSENCE_REASONS.map((r) => ({ id: encodeAbsenceChoice(r, eventId), label: t(locale, `conv.absence.reason.${r}`) }));
}

export function readReason(text: string): AbsenceReason {
  return REASON_WORDS.find(([, re]) => re.test(text))?.[0] ?? 'other';
}

/**
 * The notice words or a file answer now: the one asked about, quoted, or the newest unanswered.
 * A file may come after the reason ("sick", then the certificate): `evenAnswered` takes it too.
 */
export function openAbsenceNotice(turn: Turn, evenAnswered = false): EventInfo | undefined {
  const { mode } = turn.session;
  if (mode.m === 'absence') return turn.event(mode.eventId);
  const open = (e: EventInfo) => (evenAnswered || !e.absenceAnswered ? e : undefined);
  const quoted = turn.event(turn.input.replyToEventId);
  if (quoted?.kind === 'absence') return open(quoted);
  for (const p of turn.ctx.prompts) {
    const e = turn.event(p.eventId);
    if (e?.kind !== 'absence') continue;
    if (turn.now.getTime() - Date.parse(p.at) > OPEN_MS) return undefined;
    return open(e);
  }
  return undefined;
}

/** A tap on a reason: true when it was one. "Other" asks for the words. */
export function absenceTap(turn: Turn, choiceId: string): boolean {
  const tapped = decodeAbsenceChoice(choiceId);
  if (!tapped || !(ABSENCE_REASONS as readonly string[]).includes(tapped.reason)) return false;
  const event = turn.event(tapped.eventId);
  if (event?.kind !== 'absence') return Boolean(turn.done('not_an_absence'));
  const reason = tapped.reason as AbsenceReason;
  turn.effect({ type: 'absence_reason', eventId: event.id, reason, at: turn.at });
  if (reason === 'other') {
    turn.session.mode = { m: 'absence', eventId: event.id };
    return Boolean(turn.reply(message(turn.locale, 'conv.absence.askWords')).done('absence_other'));
  }
  turn.session.mode = { m: 'idle' };
  return Boolean(turn.reply(message(turn.locale, 'conv.absence.thanks', { reason: t(turn.locale, `conv.absence.reason.${reason}`) })).done('absence_reason'));
}

/** The reason in words for the notice in view: true when taken as one. */
export function absenceText(turn: Turn, text: string): boolean {
  const event = openAbsenceNotice(turn);
  if (!event || !text.trim()) return false;
  const asked = turn.session.mode.m === 'absence';
  turn.session.mode = { m: 'idle' };
  // After "other reason" the words are the reason; otherwise the words say which, when they do.
  const reason = asked ? undefined : readReason(text);
  turn.effect({ type: 'absence_reason', eventId: event.id, at: turn.at, text: text.slice(0, 500), ...(reason ? { reason } : {}) });
  return Boolean(turn.reply(message(turn.locale, 'conv.absence.thanksText')).done('absence_text'));
}

/** A photo or PDF for the notice in view: kept as the absence's document. */
export function absenceFile(turn: Turn): boolean {
  const media = turn.input.media;
  const event = media ? openAbsenceNotice(turn, true) : undefined;
  if (!event || !media) return false;
  turn.session.mode = { m: 'idle' };
  const caption = turn.input.text?.trim();
  turn.effect({ type: 'absence_reason', eventId: event.id, at: turn.at, media, ...(caption ? { text: caption.slice(0, 500), reason: readReason(caption) } : {}) });
  return Boolean(turn.reply(message(turn.locale, 'conv.absence.thanksFile')).done('absence_file'));
}

/** Words for the API's codes and objects that several pages show. */
import { bdi } from './dom.js';
import { num, pick, t } from './i18n.js';

/** An event's own title in the user's language, else its kind's name. */
export function eventTitle(e) {
  return pick(e.title) || t(`kind.${e.kind}`);
}

/** A delivery reason code (unreachable, opted_out, outside_window, …) in words. */
export function reasonText(code) {
  const key = `reason.${code}`;
  const text = t(key);
  return text === key ? code : text;
}

/** To whom an event went: "5A · 6B" (class names from `classNames`, else the id), grades, the school, or named people. */
export function audienceText(a, classNames) {
  if (!a) return '';
  if (a.school) return t('audience.school');
  if (a.grades) return a.grades.map((g) => t('audience.grade', { n: num(g) })).join(' · ');
  if (a.classes) return a.classes.map((c) => bdi(classNames.get(c) ?? c)).flatMap((n, i) => (i ? [' · ', n] : [n]));
  return t('audience.people', { n: num((a.guardians ?? a.children ?? []).length) });
}

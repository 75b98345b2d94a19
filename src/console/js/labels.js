/** Words for the API's codes and objects that several pages show. */
import { bdi } from './dom.js';
import { intlLocale, num, pick, plural, t } from './i18n.js';

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

/**
 * To whom an event went: "5A · 6B" (class names from `classNames`, else the id), grades, the
 * school, "1 child in 5A" (with `childClasses`, child id → class id), or named people.
 */
export function audienceText(a, classNames, childClasses) {
  if (!a) return '';
  if (a.children && childClasses) return childrenText(a.children, classNames, childClasses);
  if (a.school) return t('audience.school');
  if (a.grades) return a.grades.map((g) => t('audience.grade', { n: num(g) })).join(' · ');
  if (a.classes) return a.classes.map((c) => bdi(classNames.get(c) ?? c)).flatMap((n, i) => (i ? [' · ', n] : [n]));
  return plural('audience.people', (a.guardians ?? a.children ?? []).length);
}

/** "3 children in 5A and 6B", or "3 children" while their classes are not known. */
function childrenText(ids, classNames, childClasses) {
  const classes = [...new Set(ids.map((id) => childClasses.get(id)).filter(Boolean))].map((c) => classNames.get(c) ?? c);
  if (!classes.length) return plural('events.children', ids.length);
  return plural('events.childrenIn', ids.length, { classes: new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(classes) });
}

/** Words for the API's codes and objects that several pages show. */
import { pick, t } from './i18n.js';

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

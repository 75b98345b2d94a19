import type { Capabilities, Choice, Locale, PlannedMessage } from '../../src/core/index.js';
import { splitText } from '../../src/core/index.js';

/** Pure: text split to the channel's length, choices kept as buttons (cut to the label limit). */
export function planSimulatorMessage(caps: Capabilities, msg: { text: string; choices?: Choice[]; locale: Locale }): PlannedMessage {
  const planned: PlannedMessage = { parts: splitText(msg.text, caps.maxTextLength), locale: msg.locale };
  if (msg.choices?.length) {
    planned.choices = msg.choices.slice(0, caps.maxChoices).map((c) => ({ id: c.id, label: cutToCodePoints(c.label, caps.maxChoiceLabelLength) }));
  }
  return planned;
}

/** The first `max` code points; a label no longer than that in UTF-16 units is kept as it is. */
function cutToCodePoints(label: string, max: number): string {
  return label.length <= max ? label : [...label].slice(0, max).join('');
}

import type { Capabilities, Choice, Locale, PlannedMessage } from '../../src/core/index.js';
import { splitText } from '../../src/core/index.js';

/** Pure: text split to the channel's length, choices kept as buttons (cut to the label limit). */
export function planSimulatorMessage(caps: Capabilities, msg: { text: string; choices?: Choice[]; locale: Locale }): PlannedMessage {
  const planned: PlannedMessage = { parts: splitText(msg.text, caps.maxTextLength), locale: msg.locale };
  if (msg.choices?.length) {
    planned.choices = msg.choices.slice(0, caps.maxChoices).map((c) => ({ id: c.id, label: [...c.label].slice(0, caps.maxChoiceLabelLength).join('') }));
  }
  return planned;
}

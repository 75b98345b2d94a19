/**
 * i18n: locale files (ICU MessageFormat), dates and times in the school's zone with Latin
 * digits, and bidi isolation of every interpolated value in Arabic. Imports only src/core.
 */
export type { InvitationInput, RenderedInvitation, SharedInput } from './invitation.js';
export { prepareInvitation, renderInvitation } from './invitation.js';
export type { ArgKind, MessageValue } from './messages.js';
export { t, messageArgs, schoolValues } from './messages.js';
export { DEFAULT_TIME_ZONE, INTL_LOCALE, MESSAGE_LOCALE, formatDate, formatList, formatNumber, formatTime } from './intl.js';
export { FSI, PDI, RLM, cleanText, hasRtlChars, isolate, isolateLines, markRtlLines, wrapValue } from './bidi.js';
export { localeKeys } from './catalog.js';
export { pickLocalized } from './localized.js';

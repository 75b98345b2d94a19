import type { Capabilities } from '../../src/core/index.js';

/**
 * The simulator behaves like a generous chat app: buttons for choices, no window, and a
 * successful send is delivery (the transcript is the phone). Its rate limit comes from config.
 */
export const SIMULATOR_CAPABILITIES = {
  maxTextLength: 4096,
  choiceUi: 'buttons',
  maxChoices: 10,
  maxChoiceLabelLength: 40,
  callbackDataMaxBytes: 64,
  rateLimit: { max: 100, durationMs: 1000 },
  canMessageFirst: true,
  sendConfirmsDelivery: true,
  sendsMedia: ['voice', 'audio', 'photo', 'document'],
} as const satisfies Capabilities;

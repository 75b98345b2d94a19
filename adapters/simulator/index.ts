import type { ChannelAdapter } from '../../src/core/index.js';
import { createSimulatorApi, type SimulatorApiDeps } from './api.js';
import { SIMULATOR_CAPABILITIES } from './capabilities.js';
import type { SimulatorConfig } from './config.js';
import { normaliseSimulatorInbound } from './inbound.js';
import { planSimulatorMessage } from './outbound.js';

export { simulatorConfigSchema, type SimulatorConfig } from './config.js';
export { simulatorInboundSchema, type SimulatorInbound, type TranscriptMessage } from './schema.js';
export type { SimulatorPhones } from './api.js';
export { BLOCKED_ADDRESS_PREFIX } from './api.js';

/** The built-in channel: simulated phones whose chats live in Redis, with an HTTP face. */
export function createSimulatorAdapter(accountId: string, config: SimulatorConfig, deps: SimulatorApiDeps): ChannelAdapter {
  const capabilities = {
    ...SIMULATOR_CAPABILITIES,
    rateLimit: { max: config.SIMULATOR_RATE_MAX, durationMs: config.SIMULATOR_RATE_DURATION_MS },
  };
  let fallbackSeq = 0;
  return {
    platform: 'simulator',
    accountId,
    capabilities,
    plan: (message) => planSimulatorMessage(capabilities, message),
    send: createSimulatorApi(config, deps),
    normaliseInbound: (body, receivedAt) =>
      normaliseSimulatorInbound(body, accountId, receivedAt, `sim-in-${receivedAt.getTime()}-${++fallbackSeq}`),
  };
}

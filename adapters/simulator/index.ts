import type { AdapterModule, ChannelAdapter } from '../../src/core/index.js';
import { createSimulatorApi, type SimulatorApiDeps } from './api.js';
import { SIMULATOR_CAPABILITIES } from './capabilities.js';
import { simulatorConfigSchema, type SimulatorConfig } from './config.js';
import { normaliseSimulatorInbound } from './inbound.js';
import { planSimulatorMessage } from './outbound.js';

export { simulatorConfigSchema, type SimulatorConfig } from './config.js';
export { simulatorInboundSchema, type SimulatorInbound, type TranscriptMessage } from './schema.js';
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

/**
 * The simulator as the service sees it (core/adapter-module.ts): one built-in account serving
 * every school (each school's own simulated bot: its messages carry the school), no webhook and
 * no secret; simulated addresses are kept as written.
 */
export const adapterModule: AdapterModule<SimulatorConfig> = {
  kind: 'simulator',
  platform: 'simulator',
  config: simulatorConfigSchema,
  accounts: (config, deps) =>
    config.SIMULATOR_ENABLED
      ? [{ schools: '*', adapter: createSimulatorAdapter('main', config, { phones: deps.transcripts, random: deps.random, now: deps.now }) }]
      : [],
  secretHeaders: [],
  roster: { names: ['simulator', 'sim'], noun: 'simulated chat', example: 'sim-g1' },
};

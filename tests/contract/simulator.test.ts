import { createSimulatorAdapter, simulatorConfigSchema, type TranscriptMessage } from '../../adapters/simulator/index.js';
import { describeAdapterContract, type Failure } from './adapter-contract.js';

/** The simulator's "platform" is its phones; here an in-memory one. */
function simulatorHarness() {
  const phones = new Map<string, TranscriptMessage[]>();
  return {
    address: 'sim-contract-1',
    create(opts: { fail?: Failure } = {}) {
      const config = simulatorConfigSchema.parse({
        SIMULATOR_RATE_LIMITED_RATE: opts.fail === 'rate_limited' ? '1' : '0',
        SIMULATOR_TRANSIENT_FAILURE_RATE: opts.fail === 'transient' ? '1' : '0',
      });
      const adapter = createSimulatorAdapter('main', config, {
        phones: { deliver: async (_school, address, msgs) => void phones.set(address, [...(phones.get(address) ?? []), ...msgs]) },
        random: () => 0,
        now: () => new Date('2026-11-23T10:00:00Z'),
      });
      if (opts.fail !== 'blocked') return adapter;
      // A parent who blocked the bot is an address the simulator knows as blocked.
      return { ...adapter, send: (p: Parameters<typeof adapter.send>[0], ctx: Parameters<typeof adapter.send>[1]) => adapter.send(p, { ...ctx, address: `blocked-${ctx.address}` }) };
    },
    received: async (address: string) => (phones.get(address) ?? []).map((m) => m.text),
    inbound: [
      { body: { from: 'sim-g01', text: 'واخا', messageId: 'm1' }, expect: [{ type: 'text' as const, text: 'واخا', from: 'sim-g01', platformMessageId: 'm1' }] },
      { body: { from: 'sim-g01', choice: 'r.yes.ev1', messageId: 'm2' }, expect: [{ type: 'choice' as const, choiceId: 'r.yes.ev1' }] },
      { body: { from: 'sim-g01', text: 'JOIN abc123XY', messageId: 'm3' }, expect: [{ type: 'join' as const, payload: 'abc123XY' }] },
    ],
  };
}

describeAdapterContract('simulator', simulatorHarness);

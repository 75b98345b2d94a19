/**
 * The simulator's only IO: writing to a simulated phone's transcript. Injected failures let
 * tests and benchmarks see the pipeline cope with what real platforms do.
 */
import { randomUUID } from 'node:crypto';
import type { PlannedMessage, SendContext, SendResult, TranscriptMessage, TranscriptStore } from '../../src/core/index.js';
import { PermanentError, RateLimitedError, TransientError } from '../../src/core/index.js';
import type { SimulatorConfig } from './config.js';

export interface SimulatorApiDeps {
  /** Where simulated phones keep their chats (Redis in the service, anything in a test). */
  phones: TranscriptStore;
  /** Uniform in [0, 1); injected so tests can make failures deterministic. */
  random: () => number;
  now: () => Date;
}

/** A simulated parent who blocked the school's bot: their address starts with this. */
export const BLOCKED_ADDRESS_PREFIX = 'blocked-';

export function createSimulatorApi(config: SimulatorConfig, deps: SimulatorApiDeps) {
  return async function send(planned: PlannedMessage, ctx: SendContext): Promise<SendResult> {
    throwInjectedFailure(config, deps.random, ctx.address);
    const at = deps.now();
    const id = `sim-${randomUUID()}`;
    const last = planned.parts.length - 1;
    // The file goes first, as a phone shows a voice note or photo above its caption.
    const file = ctx.media ? { id: ctx.media.id, kind: ctx.media.kind, contentType: ctx.media.contentType, ...(ctx.media.fileName ? { fileName: ctx.media.fileName } : {}) } : undefined;
    const atIso = at.toISOString();
    const messages: TranscriptMessage[] = planned.parts.map((text, i) => {
      const message: TranscriptMessage = { id: i === last ? id : `${id}-${i}`, direction: 'out', text, at: atIso };
      if (i === 0 && file) message.media = file;
      if (i === last && planned.choices?.length) message.choices = planned.choices;
      return message;
    });
    await deps.phones.deliver(ctx.schoolId, ctx.address, messages);
    return { platformMessageId: id, sentAt: at, deliveredAt: at };
  };
}

function throwInjectedFailure(config: SimulatorConfig, random: () => number, address: string): void {
  if (address.startsWith(BLOCKED_ADDRESS_PREFIX)) {
    throw new PermanentError('unreachable', 'the simulated parent blocked the bot', { platform: 'simulator' });
  }
  if (config.SIMULATOR_RATE_LIMITED_RATE > 0 && random() < config.SIMULATOR_RATE_LIMITED_RATE) {
    throw new RateLimitedError('simulated 429 Too Many Requests', config.SIMULATOR_RETRY_AFTER_MS, { platform: 'simulator' });
  }
  if (config.SIMULATOR_TRANSIENT_FAILURE_RATE > 0 && random() < config.SIMULATOR_TRANSIENT_FAILURE_RATE) {
    throw new TransientError('simulated network failure', { platform: 'simulator' });
  }
}

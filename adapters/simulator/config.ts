/** The simulator channel's knobs, for the demo, tests and benchmarks. */
import { z } from 'zod';

const rate = z.coerce.number().min(0).max(1);

export const simulatorConfigSchema = z.object({
  /** The simulator is the default channel when no platform is configured. */
  SIMULATOR_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Messages per SIMULATOR_RATE_DURATION_MS for the simulator account; 0 lifts the limit. */
  SIMULATOR_RATE_MAX: z.coerce.number().int().min(0).max(1_000_000).default(100),
  SIMULATOR_RATE_DURATION_MS: z.coerce.number().int().min(1).max(3_600_000).default(1000),
  /** Share of sends that fail as if the network dropped (0–1), retried with backoff. */
  SIMULATOR_TRANSIENT_FAILURE_RATE: rate.default(0),
  /** Share of sends answered "429 Too Many Requests" (0–1), with SIMULATOR_RETRY_AFTER_MS. */
  SIMULATOR_RATE_LIMITED_RATE: rate.default(0),
  SIMULATOR_RETRY_AFTER_MS: z.coerce.number().int().min(1).max(600_000).default(1000),
  /** Transcript length kept per simulated chat (oldest dropped). */
  SIMULATOR_TRANSCRIPT_MAX: z.coerce.number().int().min(1).max(100_000).default(200),
});

export type SimulatorConfig = z.output<typeof simulatorConfigSchema>;

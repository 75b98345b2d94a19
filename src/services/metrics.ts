/** Prometheus metrics: one registry per app instance (tests build many apps in one process). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';
import { queueLabel } from '../queue/names.js';

export interface Metrics {
  registry: Registry;
  sends: Counter<'platform' | 'outcome'>;
  inbound: Counter<'platform' | 'type'>;
  http: Histogram<'method' | 'route' | 'status'>;
  /** Registers the queues whose job counts /metrics reports, by state. */
  watchQueues(queues: () => Queue[]): void;
  /** Registers where listening channels' health comes from (1 ready, 0 not). */
  watchChannels(read: () => Promise<Array<{ platform: string; accountId: string; ready: boolean }>>): void;
}

const JOB_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized'] as const;

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const sends = new Counter({ name: 'school_bridge_sends_total', help: 'Messages sent to guardians, by platform and outcome', labelNames: ['platform', 'outcome'] as const, registers: [registry] });
  const inbound = new Counter({ name: 'school_bridge_inbound_total', help: 'Inbound platform events accepted, by platform and type', labelNames: ['platform', 'type'] as const, registers: [registry] });
  const http = new Histogram({
    name: 'school_bridge_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });
  let sources: () => Queue[] = () => [];
  new Gauge({
    name: 'school_bridge_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of sources()) {
        const counts = await q.getJobCounts(...JOB_STATES);
        for (const s of JOB_STATES) this.set({ queue: queueLabel(q.name), state: s }, counts[s] ?? 0);
      }
    },
  });
  let channels: () => Promise<Array<{ platform: string; accountId: string; ready: boolean }>> = async () => [];
  new Gauge({
    name: 'school_bridge_channel_ready',
    help: 'Listening channel accounts (sessions a process holds, pollers): 1 ready, 0 not',
    labelNames: ['platform', 'account'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await channels()) this.set({ platform: c.platform, account: c.accountId }, c.ready ? 1 : 0);
    },
  });
  return { registry, sends, inbound, http, watchQueues: (q) => (sources = q), watchChannels: (c) => (channels = c) };
}

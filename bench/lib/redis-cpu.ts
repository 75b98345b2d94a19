/**
 * Where the time goes during a phase: this process's CPU (process.cpuUsage) and the Redis
 * server's (INFO cpu), plus the server's command counts (INFO commandstats). Server figures
 * cover every client of a shared Redis, so they are upper bounds for the benchmark's own work.
 */
import type { Redis } from 'ioredis';
import { now } from './timing.js';

export interface CpuMark {
  at: number;
  node: NodeJS.CpuUsage;
  redisS: number;
  calls: Map<string, { calls: number; usec: number }>;
}

export interface CpuSpan {
  wallMs: number;
  /** CPU time / wall time: 1 = one core busy all along. */
  nodeCores: number;
  redisCores: number;
  redisCpuMs: number;
  /** Commands run on the server during the span, by name, busiest first (scripts' inner calls included). */
  calls: Array<{ command: string; calls: number; usec: number }>;
}

async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const user = Number(/^used_cpu_user:([\d.]+)/m.exec(info)?.[1] ?? Number.NaN);
  const sys = Number(/^used_cpu_sys:([\d.]+)/m.exec(info)?.[1] ?? Number.NaN);
  return user + sys;
}

async function commandStats(redis: Redis): Promise<Map<string, { calls: number; usec: number }>> {
  const info = await redis.info('commandstats');
  const out = new Map<string, { calls: number; usec: number }>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    out.set(m[1] as string, { calls: Number(m[2]), usec: Number(m[3]) });
  }
  return out;
}

export async function cpuMark(redis: Redis): Promise<CpuMark> {
  const [redisS, calls] = await Promise.all([redisCpu(redis), commandStats(redis)]);
  return { at: now(), node: process.cpuUsage(), redisS, calls };
}

export async function cpuSince(redis: Redis, start: CpuMark): Promise<CpuSpan> {
  const end = await cpuMark(redis);
  const wallMs = end.at - start.at;
  const node = process.cpuUsage(start.node);
  const redisCpuMs = (end.redisS - start.redisS) * 1000;
  const calls = [...end.calls]
    .map(([command, c]) => {
      const before = start.calls.get(command) ?? { calls: 0, usec: 0 };
      return { command, calls: c.calls - before.calls, usec: c.usec - before.usec };
    })
    .filter((c) => c.calls > 0)
    .sort((a, b) => b.usec - a.usec);
  return { wallMs, nodeCores: (node.user + node.system) / 1000 / wallMs, redisCores: redisCpuMs / wallMs, redisCpuMs, calls };
}

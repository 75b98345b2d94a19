/**
 * Integer options for a benchmark: `--name 123`, `--name=123`, or an environment variable;
 * the command line wins. Underscores and thousands separators are accepted (10_000, 10,000).
 */
export interface IntOption {
  /** The flag without dashes, e.g. 'guardians'. */
  flag: string;
  /** Environment variables read when the flag is absent, first set one wins. */
  env: readonly string[];
  default: number;
  min: number;
  max: number;
  help: string;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function usage(command: string, options: readonly IntOption[]): string {
  const lines = options.map((o) => `  --${o.flag} <n>`.padEnd(22) + `${o.help} (default ${o.default}; env ${o.env.join(' or ')})`);
  return [`usage: npm run bench -- ${command} [options]`, ...lines].join('\n');
}

export function parseIntOptions<K extends string>(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  options: ReadonlyArray<IntOption & { flag: K }>,
): Record<K, number> {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unexpected argument '${arg}'`);
    const flag = m[1] as string;
    if (!options.some((o) => o.flag === flag)) throw new UsageError(`unknown option --${flag}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    given.set(flag, value);
  }
  const out = {} as Record<K, number>;
  for (const o of options) {
    const fromEnv = o.env.map((name) => env[name]).find((v) => v !== undefined && v !== '');
    const raw = given.get(o.flag) ?? fromEnv;
    if (raw === undefined) {
      out[o.flag] = o.default;
      continue;
    }
    const n = Number(raw.replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < o.min || n > o.max) {
      throw new UsageError(`--${o.flag} must be an integer from ${o.min} to ${o.max}, got '${raw}'`);
    }
    out[o.flag] = n;
  }
  return out;
}

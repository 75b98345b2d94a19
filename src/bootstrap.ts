/**
 * The first admin of a school, or of the district, from the command line (DESIGN §10), and a
 * one-time sign-in link to open the console with:
 *
 *   npm run bootstrap -- --school s1 --school-name "École Al Amal" --name "Amina Tazi" --login amina [--chat <platform>:<address>]
 *   npm run bootstrap -- --district --name "Direction provinciale" --login district
 *
 * Run again for a login that exists, it prints a new link for that person (a locked-out admin).
 * It uses the same configuration as the service (REDIS_URL, REDIS_PREFIX, PUBLIC_URL…).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { SECRET_HEADERS } from './adapters.js';
import { CHANNEL_FIELDS } from './services/roster.js';
import { createLogger } from './logger.js';
import { createRuntime } from './runtime.js';
import { createPerson, PeopleError, signInLinkFor } from './services/people.js';
import { findRedis, RedisUnavailableError, redisOptions } from './store/redis-bootstrap.js';

const USAGE = 'usage: npm run bootstrap -- (--school <id> [--school-name <name>] | --district) --name <full name> --login <login> [--chat <platform>:<address>]';

async function bootstrap(): Promise<void> {
  const { values } = parseArgs({
    options: {
      school: { type: 'string' }, 'school-name': { type: 'string' }, district: { type: 'boolean' },
      name: { type: 'string' }, login: { type: 'string' }, chat: { type: 'string' },
    },
  });
  const schoolId = values.district ? '*' : values.school;
  if (!schoolId || !values.login) throw new UsageError(USAGE);
  if (schoolId !== '*' && !/^[A-Za-z0-9_.-]{1,64}$/.test(schoolId)) throw new UsageError('--school: 1–64 of A-Z, a-z, 0-9, dot, dash, underscore');

  const config = loadConfig(process.env);
  const log = createLogger({ level: 'warn', pretty: false, secretHeaders: SECRET_HEADERS });
  const redis = await findRedis(redisOptions(config));
  const runtime = await createRuntime(config, { redis: redis.target, log });
  try {
    const { ctx } = runtime;
    const baseUrl = config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
    let person = await ctx.stores.people.byLogin(values.login);
    if (person && person.schoolId !== schoolId) throw new UsageError(`the login ${values.login} belongs to someone of another school: choose another`);
    if (!person) {
      if (!values.name) throw new UsageError('--name is needed to create a person');
      if (schoolId !== '*') {
        const school = await ctx.stores.schools.get(schoolId);
        await ctx.stores.schools.put({ ...school, ...(values['school-name'] ? { name: values['school-name'] } : {}) });
      }
      // Where the school's bot sends their sign-in codes, written as a roster writes channels.
      const channels = values.chat ? chatOf(values.chat) : {};
      person = await createPerson(ctx, schoolId, { name: values.name, login: values.login, role: schoolId === '*' ? 'district' : 'admin', channels }, 'bootstrap');
      console.log(`Created ${schoolId === '*' ? 'a district admin' : `the admin of school ${schoolId}`}: ${person.login}`);
    } else {
      console.log(`${person.login} exists already: here is a new sign-in link.`);
    }
    const link = await signInLinkFor(ctx, schoolId, person.id, baseUrl);
    console.log(`One-time sign-in link (until ${link.expiresAt}):\n  ${link.url}`);
  } finally {
    await runtime.close();
    await redis.stop();
  }
}

class UsageError extends Error {}

/** "<platform>:<address>" as one channel, or a usage error naming what is wrong. */
function chatOf(text: string) {
  const colon = text.indexOf(':');
  const parsed = CHANNEL_FIELDS.channels.safeParse(colon > 0 ? { [text.slice(0, colon)]: text.slice(colon + 1) } : {});
  if (colon <= 0 || !parsed.success) throw new UsageError(`--chat: ${parsed.success ? 'write it as <platform>:<address>' : parsed.error.issues[0]?.message ?? 'not valid'}`);
  return parsed.data;
}

bootstrap().catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof RedisUnavailableError || err instanceof PeopleError) {
    console.error(err.message);
  } else {
    console.error('Failed:', err);
  }
  process.exit(1);
});

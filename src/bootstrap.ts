/**
 * The first admin of a school, or of the district, from the command line (DESIGN §10), and a
 * one-time sign-in link to open the console with:
 *
 *   npm run bootstrap -- --school s1 --school-name "École Al Amal" --name "Amina Tazi" --login amina
 *   npm run bootstrap -- --district --name "Direction provinciale" --login district
 *
 * Run again for a login that exists, it prints a new link for that person (a locked-out admin).
 * It uses the same configuration as the service (REDIS_URL, REDIS_PREFIX, PUBLIC_URL…).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { SECRET_HEADERS } from './adapters.js';
import { channelsField } from './domain/roster/fields.js';
import { createLogger } from './logger.js';
import { createRuntime } from './runtime.js';
import { createPerson, PeopleError, signInLinkFor } from './services/people.js';
import { locateRedis, RedisUnavailableError } from './store/redis-bootstrap.js';
import { join } from 'node:path';

const USAGE = 'usage: npm run bootstrap -- (--school <id> [--school-name <name>] | --district) --name <full name> --login <login> [--phone <number>]';

async function bootstrap(): Promise<void> {
  const { values } = parseArgs({
    options: {
      school: { type: 'string' }, 'school-name': { type: 'string' }, district: { type: 'boolean' },
      name: { type: 'string' }, login: { type: 'string' }, phone: { type: 'string' },
    },
  });
  const schoolId = values.district ? '*' : values.school;
  if (!schoolId || !values.login) throw new UsageError(USAGE);
  if (schoolId !== '*' && !/^[A-Za-z0-9_.-]{1,64}$/.test(schoolId)) throw new UsageError('--school: 1–64 of A-Z, a-z, 0-9, dot, dash, underscore');

  const config = loadConfig(process.env);
  const log = createLogger({ level: 'warn', pretty: false, secretHeaders: SECRET_HEADERS });
  const redis = await locateRedis({ ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}), dataDir: join(config.DATA_DIR, 'redis') });
  const runtime = await createRuntime(config, { redisUrl: redis.url, log });
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
      // The phone the school's WhatsApp number sends sign-in codes to (0612345678 becomes +212612345678).
      const channels = values.phone ? channelsField.parse({ whatsapp: values.phone }) : {};
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

bootstrap().catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof RedisUnavailableError || err instanceof PeopleError) {
    console.error(err.message);
  } else {
    console.error('Failed:', err);
  }
  process.exit(1);
});

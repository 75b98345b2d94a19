/**
 * buildApp(config, deps) → a Fastify instance with every route group, not listening.
 * main.ts listens; tests call app.inject().
 */
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ApiKey, Config } from './config.js';
import type { PipelineContext } from './services/context.js';
import type { Runtime } from './runtime.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { auditRoutes } from './routes/audit-log.js';
import { createAuthHook } from './routes/auth.js';
import { districtRoutes } from './routes/district.js';
import { peopleRoutes } from './routes/people.js';
import { signInRoutes } from './routes/sign-in.js';
import { consoleRoutes } from './routes/console.js';
import { docsRoutes } from './routes/docs.js';
import { installErrorHandling } from './routes/errors.js';
import { createKeyFailureGuard } from './routes/key-failures.js';
import { eventRoutes } from './routes/events.js';
import { previewRoutes } from './routes/preview.js';
import { surveyProgressRoutes } from './routes/survey-progress.js';
import { followUpRoutes } from './routes/follow-up.js';
import { healthRoutes, metricsRoutes } from './routes/health.js';
import { inboxRoutes } from './routes/inbox.js';
import { joinQrRoutes } from './routes/join-qr.js';
import { joinSlipRoutes } from './routes/join-slips.js';
import { opsGate } from './routes/ops-access.js';
import { installProtocolChecks, protocolErrorOptions } from './routes/protocol-errors.js';
import { rosterRoutes } from './routes/roster.js';
import { schoolClockRoutes } from './routes/school-clock.js';
import { schoolRoutes } from './routes/schools.js';
import { slotRoutes } from './routes/slots.js';
import { absenceRoutes } from './routes/absences.js';
import { templateRoutes } from './routes/templates.js';
import { operationsRoutes } from './routes/operations.js';
import { simulatorRoutes } from './routes/simulator.js';
import { streamRoutes } from './routes/stream.js';
import { surveyRoutes } from './routes/surveys.js';
import { createUnavailableGate } from './routes/unavailable.js';
import { webhookRoutes } from './routes/webhooks.js';

export interface AppDeps {
  runtime: Runtime;
  apiKeys: readonly ApiKey[];
  logger: FastifyBaseLogger;
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  // Fastify's own two lines per request carry the URL with its query; we log one line of our own.
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    logController: new LogController({ disableRequestLogging: true }),
    // request.ip is the client behind these proxies only (per-address limits count it).
    ...(config.TRUST_PROXY ? { trustProxy: config.TRUST_PROXY } : {}),
    // Errors of Node's parser and Fastify's router, in our shape too.
    ...protocolErrorOptions(),
  });
  installProtocolChecks(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  // Plain text is never a valid body here (CSV has its own type): 415, not a confusing 400.
  app.removeContentTypeParser('text/plain');
  observeRequests(app, deps);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'School bridge API', version: '0.1.0', description: 'Invitations from schools to parents over the chat apps they already use, in Arabic and English.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  const ctx = deps.runtime.ctx;
  const keyFailures = createKeyFailureGuard(ctx.stores.attempts);
  // These need no Redis: liveness, readiness (which says itself when Redis is away), pages.
  await app.register(healthRoutes(ctx, deps.runtime.ping));
  await app.register(consoleRoutes());
  await app.register(docsRoutes(opsGate(ctx, config.DOCS_ACCESS, deps.apiKeys, keyFailures)));
  // These do: while Redis is away they answer 503 at once, before anything else runs.
  await app.register(async (needsRedis) => {
    needsRedis.addHook('onRequest', createUnavailableGate(deps.runtime.redisHealth));
    await needsRedis.register(metricsRoutes(ctx, opsGate(ctx, config.METRICS_ACCESS, deps.apiKeys, keyFailures)));
    await needsRedis.register(webhookRoutes(ctx));
    await needsRedis.register(v1Routes(ctx, createAuthHook(ctx, deps.apiKeys, keyFailures)));
  });
  return app;
}

/** /v1: every route says who may call it (people and API keys, auth.ts). */
function v1Routes(ctx: PipelineContext, authenticate: ReturnType<typeof createAuthHook>): FastifyPluginAsync {
  return async (v1) => {
    // Every route says who may call it; one that does not would be refused to all at run time,
    // so it is refused here, when the app is built.
    v1.addHook('onRoute', (route) => {
      const access = route.config?.access;
      if (!access) throw new Error(`${route.method} ${route.url} declares no config.access`);
      // …and the API description says it, for integrators (and the test that walks every route).
      route.schema = { ...route.schema, 'x-access': access } as typeof route.schema;
    });
    v1.addHook('onRequest', authenticate);
    await v1.register(signInRoutes(ctx, ctx.stores.attempts));
    await v1.register(peopleRoutes(ctx));
    await v1.register(apiKeyRoutes(ctx));
    await v1.register(auditRoutes(ctx));
    await v1.register(districtRoutes(ctx));
    await v1.register(schoolRoutes(ctx));
    await v1.register(templateRoutes(ctx));
    await v1.register(operationsRoutes(ctx));
    await v1.register(slotRoutes(ctx));
    await v1.register(absenceRoutes(ctx));
    await v1.register(rosterRoutes(ctx));
    await v1.register(eventRoutes(ctx));
    await v1.register(previewRoutes(ctx));
    await v1.register(surveyProgressRoutes(ctx));
    await v1.register(surveyRoutes(ctx));
    await v1.register(inboxRoutes(ctx));
    await v1.register(simulatorRoutes(ctx));
    await v1.register(streamRoutes(ctx));
    await v1.register(followUpRoutes(ctx));
    await v1.register(joinQrRoutes(ctx));
    await v1.register(joinSlipRoutes(ctx));
    await v1.register(schoolClockRoutes(ctx));
  };
}

/** One log line per request (no query strings, no bodies) and the HTTP latency histogram. */
function observeRequests(app: FastifyInstance, deps: AppDeps): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    deps.runtime.ctx.metrics.http.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    if (route !== '/healthz' && route !== '/metrics') {
      // While Redis is away the outage is logged once (redis-health.ts), not once per request.
      const level = reply.statusCode === 503 ? 'debug' : 'info';
      request.log[level]({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    }
  });
}

/**
 * The layering of DESIGN §2, checked in CI (npm run lint):
 * adapters → src/core only · domain → core, i18n · store → core (+ the simulator's transcript
 * types) · queue → core · services → core, domain, i18n, store, queue, the registry ·
 * workers → services, queue, core (and the one translation of errors, job-errors.ts) ·
 * routes → services, store (reads), core, domain, i18n · only app.ts imports routes/, only
 * runtime.ts workers/, nobody the entries (main.ts, bootstrap.ts), and no layer reaches back up
 * to a composition root (app, runtime, demo) · adapters never import each other,
 * Fastify, BullMQ or ioredis · no cycles.
 */
/** The composition roots: they wire the layers, and no layer reaches back up to them. */
const ROOTS = '^src/(app|main|runtime|bootstrap|demo)\\.ts$';
const LAYERS = '^(src/(core|domain|i18n|store|queue|services|workers|routes)/|adapters/)';

module.exports = {
  forbidden: [
    { name: 'core-is-pure', severity: 'error', from: { path: '^src/core/' }, to: { path: '^(src/(?!core/)|adapters/)' } },
    { name: 'core-no-io', severity: 'error', from: { path: '^src/core/' }, to: { path: 'node_modules/(fastify|bullmq|ioredis|pino)' } },
    { name: 'adapters-only-core', severity: 'error', from: { path: '^adapters/([^/]+)/' }, to: { path: '^src/(?!core/)' } },
    { name: 'adapters-not-each-other', severity: 'error', from: { path: '^adapters/([^/]+)/' }, to: { path: '^adapters/', pathNot: '^adapters/$1/' } },
    { name: 'adapters-no-framework', severity: 'error', from: { path: '^adapters/' }, to: { path: 'node_modules/(fastify|bullmq|ioredis|@fastify)' } },
    { name: 'domain-pure', severity: 'error', from: { path: '^src/domain/' }, to: { path: '^(src/(store|queue|services|workers|routes|adapters\\.ts)|adapters/)|node_modules/(fastify|bullmq|ioredis|pino)' } },
    { name: 'i18n-pure', severity: 'error', from: { path: '^src/i18n/' }, to: { path: '^(src/(domain|store|queue|services|workers|routes)|adapters)/' } },
    { name: 'store-below-services', severity: 'error', from: { path: '^src/store/' }, to: { path: '^(src/(domain|queue|services|workers|routes|adapters\\.ts)|adapters/(?!simulator/))' } },
    { name: 'queue-only-core', severity: 'error', from: { path: '^src/queue/' }, to: { path: '^(src/(domain|store|services|workers|routes|adapters\\.ts|i18n)|adapters/)' } },
    { name: 'services-below-workers-and-routes', severity: 'error', from: { path: '^src/services/' }, to: { path: '^(src/(workers|routes)/|adapters/)' } },
    { name: 'workers-thin', severity: 'error', from: { path: '^src/workers/' }, to: { path: '^(src/(store|domain|routes|i18n)/|adapters/)' } },
    { name: 'no-worker-calls-another', severity: 'error', from: { path: '^src/workers/(?!job-errors\\.ts)' }, to: { path: '^src/workers/', pathNot: '^src/workers/job-errors\\.ts$' } },
    { name: 'routes-use-services', severity: 'error', from: { path: '^src/routes/' }, to: { path: '^(src/(workers|queue)/|adapters/(?!simulator/))' } },
    { name: 'nobody-imports-routes', severity: 'error', from: { path: '^(src|adapters)/', pathNot: '^src/(routes/|app\\.ts)' }, to: { path: '^src/routes/' } },
    { name: 'only-the-runtime-starts-workers', severity: 'error', from: { path: '^(src|adapters)/', pathNot: '^src/(workers/|runtime\\.ts)' }, to: { path: '^src/workers/' } },
    { name: 'layers-never-reach-the-roots', severity: 'error', from: { path: LAYERS }, to: { path: ROOTS } },
    { name: 'nobody-imports-an-entry', severity: 'error', from: {}, to: { path: '^src/(main|bootstrap)\\.ts$' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};

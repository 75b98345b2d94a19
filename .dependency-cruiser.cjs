/**
 * The layering of DESIGN §2, checked in CI:
 * adapters → src/core only · domain → core, i18n · store → core (+ the adapter's own types
 * for the simulator's phones) · nothing imports routes/ or main.ts · adapters never import
 * each other, Fastify, BullMQ or ioredis.
 */
module.exports = {
  forbidden: [
    { name: 'core-is-pure', severity: 'error', from: { path: '^src/core/' }, to: { path: '^(src/(?!core/)|adapters/)' } },
    { name: 'core-no-io', severity: 'error', from: { path: '^src/core/' }, to: { path: 'node_modules/(fastify|bullmq|ioredis|pino)' } },
    { name: 'adapters-only-core', severity: 'error', from: { path: '^adapters/([^/]+)/' }, to: { path: '^src/(?!core/)' } },
    { name: 'adapters-not-each-other', severity: 'error', from: { path: '^adapters/([^/]+)/' }, to: { path: '^adapters/', pathNot: '^adapters/$1/' } },
    { name: 'adapters-no-framework', severity: 'error', from: { path: '^adapters/' }, to: { path: 'node_modules/(fastify|bullmq|ioredis|@fastify)' } },
    { name: 'domain-pure', severity: 'error', from: { path: '^src/domain/' }, to: { path: '^(src/(store|queue|routes)|adapters)/|node_modules/(fastify|bullmq|ioredis|pino)' } },
    { name: 'i18n-pure', severity: 'error', from: { path: '^src/i18n/' }, to: { path: '^(src/(domain|store|queue|routes)|adapters)/' } },
    { name: 'store-below-queue', severity: 'error', from: { path: '^src/store/' }, to: { path: '^src/(domain|queue|routes)/' } },
    { name: 'queue-below-routes', severity: 'error', from: { path: '^src/queue/' }, to: { path: '^src/routes/' } },
    { name: 'nobody-imports-routes', severity: 'error', from: { path: '^(src|adapters)/', pathNot: '^src/(routes/|app\\.ts)' }, to: { path: '^src/routes/' } },
    { name: 'nobody-imports-main', severity: 'error', from: {}, to: { path: '^src/main\\.ts$' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};

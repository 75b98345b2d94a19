/** The ioredis client type, re-exported so the rest of the store names one thing. */
export type { Redis } from 'ioredis';

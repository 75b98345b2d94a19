export * from './types.js';
export * from './errors.js';
export * from './adapter.js';
export * from './choice.js';
export * from './text.js';
export * from './env.js';
export * from './survey.js';
export * from './people.js';

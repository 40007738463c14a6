export * from './record.js';
export * from './codec.js';
export * from './rules.js';

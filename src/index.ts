/** scratchnet for Node: the whole core plus file loading. */
export * from './core.js';

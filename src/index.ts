/** scratchnet for Node: the whole core plus file loading. */
export * from './core.js';
export * from './data/node.js';

/**
 * `servapp/conventions`: the names, shared parameters and logical ids that ServApp's stacks, its
 * rollout, its pipeline, its local runtime and its tests agree on. One source for each fact.
 */
export * from './deploy.js';
export * from './lint-data.js';
export * from './parameters.js';
export * from './regional.js';

/** The api layer's public surface: the namespace factory, its types and the error class. */
export { createHuksNamespace } from './namespace.js';
export type * from './namespace-types.js';
export type * from './types.js';
export { BusinessError } from '../errors/business-error.js';

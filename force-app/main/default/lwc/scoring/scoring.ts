/**
 * The one scoring library of the package: every rule of the product's scoring section lives in
 * this bundle. Pure TypeScript with no platform imports, so the screens import it as `c/scoring`
 * and the Node sync imports this same file by relative path.
 */
export * from './core';
export * from './ratings';
export * from './performance';
export * from './maturity';
export * from './strategy';
export * from './stats';
export * from './fiscal';

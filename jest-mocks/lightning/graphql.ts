/**
 * Test double for `lightning/graphql`: the sfdx-lwc-jest wire adapter stub, plus the
 * `executeMutation` it lacks and a `gql` that keeps the query text so tests can assert on it.
 */
export { graphql } from '@salesforce/sfdx-lwc-jest/src/lightning-stubs/graphql/graphql';
// The same text-keeping gql as the browser preview's stand-in.
export { gql } from '../../scripts/preview/modules/lightning/graphql/graphql';

/** Replaced per test with mockResolvedValue / mockRejectedValue. */
export const executeMutation = jest.fn();

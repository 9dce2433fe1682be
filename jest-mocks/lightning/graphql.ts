/**
 * Test double for `lightning/graphql`: the sfdx-lwc-jest wire adapter stub, plus the
 * `executeMutation` it lacks and a `gql` that keeps the query text so tests can assert on it.
 */
export { graphql } from '@salesforce/sfdx-lwc-jest/src/lightning-stubs/graphql/graphql';

/** Joins the template so a test sees the exact query the component sends. */
export function gql(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
}

/** Replaced per test with mockResolvedValue / mockRejectedValue. */
export const executeMutation = jest.fn();

/** The sfdx-lwc-jest stub of the graphql wire adapter, re-exported by our test double. */
declare module '@salesforce/sfdx-lwc-jest/src/lightning-stubs/graphql/graphql' {
  export const graphql: import('lwc').WireAdapterConstructor;
  export const gql: jest.Mock;
}

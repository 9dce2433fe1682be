/**
 * Declarations for the platform modules that @salesforce/lightning-types does not type.
 * Kept to what this package uses; each mirrors the documented module surface.
 */
declare module 'lightning/graphql' {
  /** A GraphQL document, as produced by the gql tagged template. */
  export type DocumentNode = { readonly kind: 'Document'; readonly __gql?: string } | string;
  /** Tags a GraphQL query or mutation so the platform can parse and cache it. */
  export function gql(strings: TemplateStringsArray, ...values: unknown[]): DocumentNode;
  /** The graphql wire adapter: configure with { query, variables, operationName }. */
  export const graphql: import('lwc').WireAdapterConstructor<
    { query: DocumentNode; variables?: Record<string, unknown>; operationName?: string },
    GraphQLResult<any>
  >;
  /** One GraphQL error as the UI API returns it, with HTTP 200. */
  export interface GraphQLError {
    message: string;
    locations?: { line: number; column: number }[];
    paths?: string[];
    extensions?: { ErrorType?: string; [key: string]: unknown };
  }
  /** The result the wire adapter provisions and executeMutation resolves to. */
  export interface GraphQLResult<T = unknown> {
    data?: T;
    errors?: GraphQLError[];
    refresh?: () => Promise<void>;
  }
  /** Runs a mutation (API 66.0+); one request, atomic when the input says allOrNone. */
  export function executeMutation<T = unknown>(config: {
    query: DocumentNode;
    variables?: Record<string, unknown>;
    operationName?: string;
  }): Promise<GraphQLResult<T>>;
}

declare module 'lightning/navigation' {
  /** A page reference as Lightning navigation understands it. */
  export interface PageReference {
    type: string;
    attributes?: Record<string, unknown>;
    state?: Record<string, unknown>;
  }
  export const CurrentPageReference: unknown;
  type Constructor<T = object> = new (...args: any[]) => T;
  /** Mixin that gives a component the NavigationMixin.Navigate and GenerateUrl methods. */
  export const NavigationMixin: {
    <T extends Constructor>(base: T): T;
    readonly Navigate: unique symbol;
    readonly GenerateUrl: unique symbol;
  };
}

declare module 'lightning/platformShowToastEvent' {
  /** The event a component dispatches to show a toast. */
  export class ShowToastEvent extends CustomEvent<unknown> {
    constructor(init: {
      title: string;
      message?: string;
      variant?: 'info' | 'success' | 'warning' | 'error';
      mode?: 'dismissible' | 'pester' | 'sticky';
    });
  }
}

declare module '@salesforce/schema/*' {
  /** A field or object reference, checked by `npm run validate` against force-app metadata. */
  const reference: { objectApiName: string; fieldApiName?: string } | string;
  export default reference;
}

declare module '@salesforce/customPermission/*' {
  const granted: boolean | undefined;
  export default granted;
}

/**
 * Preview stand-in for `lightning/graphql`: the same exports as the platform module, sending
 * queries and mutations to the preview server, which forwards them to the local org's GraphQL API.
 */
const ENDPOINT = '/services/data/v66.0/graphql';

/** Keeps the query text, as the platform's gql does before parsing. */
export function gql(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
}

interface Config {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

interface Result {
  data?: unknown;
  errors?: { message: string }[];
}

async function post(config: Config): Promise<Result> {
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      query: config.query,
      variables: config.variables ?? {},
      operationName: config.operationName
    })
  });
  if (!response.ok) return { errors: [{ message: `HTTP ${response.status}: ${await response.text()}` }] };
  return (await response.json()) as Result;
}

/** Runs a mutation, as the platform's executeMutation does. */
export function executeMutation(config: Config): Promise<Result> {
  return post(config);
}

type DataCallback = (value: Result & { refresh: () => Promise<void> }) => void;

/** The wire adapter: fetches on every config change and provisions { data, errors, refresh }. */
export class graphql {
  private config: Config | undefined;
  private connected = false;

  constructor(private readonly callback: DataCallback) {}

  update(config: Config): void {
    this.config = config;
    if (this.connected) void this.fetch();
  }

  connect(): void {
    this.connected = true;
    if (this.config) void this.fetch();
  }

  disconnect(): void {
    this.connected = false;
  }

  private async fetch(): Promise<void> {
    const config = this.config;
    if (!config?.query) return;
    const result = await post(config);
    if (this.connected && config === this.config) {
      this.callback({ data: result.data, errors: result.errors, refresh: () => this.fetch() });
    }
  }
}

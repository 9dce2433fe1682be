/**
 * Starts an embedded local org: a loopback HTTP server that speaks enough of the Salesforce REST and
 * Bulk 2.0 APIs for this package, over an in-memory store built from the package's own metadata.
 * A stand-in for tests and the demo; never deployed anywhere.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { findPersonas, type Personas } from './access/personas';
import { mountSessionRoutes } from './access/routes';
import { mountBulkIngest } from './bulkIngest';
import { mountBulkQuery } from './bulkQuery';
import { Faults, mountFaultControl, type FaultRule } from './faults';
import { mountIdentity, mountJwtBearer, type JwtBearerApp } from './oauth';
import { loadPlans } from './plans';
import { mountGraphQL } from './graphql/execute';
import { mountRest } from './rest';
import { loadSchema, type Schema } from '../metadata/schema';
import { seedSalesTeam, type SeedOptions, type SeedSummary } from './seed';
import { LocalOrgServer } from './server';
import { Store, type StoreOptions } from './store';

export { Faults } from './faults';
export type { FaultRule, FaultKind, RecordFault, FaultMatch } from './faults';
export { Store, SfError, sfError } from './store';
export type { Rec, SfValue, SfErrorBody, WriteOptions } from './store';
export { Schema, loadSchema } from '../metadata/schema';
export type { FieldDef, ObjectDef, SfFieldType, SummaryDef } from '../metadata/schema';
export { runSoql } from './soql';
export type { QueryPlan } from './soql';
export { LocalOrgServer } from './server';
export type { Handler, Reply, RequestContext } from './server';
export { seedSalesTeam } from './seed';
export type { SeedOptions, SeedSummary } from './seed';
export type { JwtBearerApp } from './oauth';
export type { Persona, Personas } from './access/personas';
export { PERMISSION_SETS, PROFILES, SYNC_USERNAME } from './access/policy';

/** Options for startLocalOrg. */
export interface LocalOrgOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Access token clients must send; a random one by default. */
  accessToken?: string;
  /** Package source folder with objects/ and globalValueSets/ (default force-app/main/default). */
  metadataDir?: string;
  /** A prebuilt schema (skips metadataDir). */
  schema?: Schema;
  /** Clock for audit fields and date literals. */
  now?: () => Date;
  organization?: StoreOptions['organization'];
  /** Evaluate the package's active validation rules on API writes (default false). */
  validationRules?: boolean;
  /** Custom permissions of the acting user (default: all of the package's). */
  permissions?: string[];
  /** Generate a sample sales team (false: none, the default). */
  seed?: SeedOptions | false;
  /** Import the default content from data/ (true: the repository's data/, or a folder). Default false. */
  plans?: boolean | string;
  /** Persist the data here (newline-delimited JSON); loaded instead of seeding when it exists. */
  dataFile?: string;
  /** Daily API allocation (default 100,000). */
  apiLimit?: number;
  /** Bulk 2.0 query and ingest jobs report InProgress for this many status checks first (default 0). */
  bulkInProgressChecks?: number;
  /** Serve Bulk 2.0 ingest jobs (default true; false stands for an org or proxy without them). */
  bulkIngest?: boolean;
  /**
   * A connected app for the OAuth JWT bearer token endpoint (`POST /services/oauth2/token`); it hands
   * out this org's URL and access token. Without it the endpoint is not mounted.
   */
  jwtBearer?: Omit<JwtBearerApp, 'accessToken' | 'instanceUrl'>;
  /** Faults armed from the start. */
  faults?: FaultRule[];
  /** One line per request. */
  log?: (line: string) => void;
}

/** A running local org. */
export interface LocalOrg {
  /** The instance URL (http://127.0.0.1:PORT). */
  url: string;
  accessToken: string;
  store: Store;
  faults: Faults;
  server: LocalOrgServer;
  /** What the seed generated, when it ran. */
  seeded: SeedSummary | null;
  /** The people to act as: admin always; manager, rep, calibrator, leader and sync with a seeded team. */
  personas: Personas;
  /** An access token acting as this user (username or id): their permission sets and record access apply. */
  sessionFor: (usernameOrId: string) => string;
  /** API calls counted so far. */
  apiUsage: () => { used: number; limit: number };
  /** Writes the data file now (when one is configured). */
  save: () => Promise<void>;
  /** Saves (when persisting) and stops the server. */
  close: () => Promise<void>;
}

/** Makes a token shaped like a Salesforce session id (org id, '!', random text). */
export function makeAccessToken(orgId: string): string {
  return `${orgId.slice(0, 15)}!${randomBytes(24).toString('base64url')}`;
}

/** Starts a local org in this process. */
export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  const schema = options.schema ?? loadSchema({ metadataDir: options.metadataDir });
  const store = new Store(schema, {
    now: options.now,
    organization: options.organization,
    validationRules: options.validationRules,
    permissions: options.permissions
  });
  let seeded: SeedSummary | null = null;
  if (options.dataFile && fs.existsSync(options.dataFile)) {
    await store.load(options.dataFile);
  } else {
    if (options.plans) loadPlans(store, typeof options.plans === 'string' ? options.plans : undefined);
    if (options.seed) seeded = seedSalesTeam(store, options.seed);
  }
  const accessToken = options.accessToken ?? makeAccessToken(store.organizationId);
  const server = new LocalOrgServer({ store, accessToken, apiLimit: options.apiLimit, log: options.log });
  if (options.faults) server.addFaults(options.faults);
  mountIdentity(server);
  mountFaultControl(server);
  const queryJobs = mountBulkQuery(server, { inProgressChecks: options.bulkInProgressChecks });
  mountRest(server, { queryJobs });
  if (options.bulkIngest !== false)
    mountBulkIngest(server, { inProgressChecks: options.bulkInProgressChecks });
  mountGraphQL(server);
  mountSessionRoutes(server);
  const url = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  if (options.jwtBearer) mountJwtBearer(server, { ...options.jwtBearer, accessToken, instanceUrl: url });

  const dataFile = options.dataFile;
  let saving: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const save = (): Promise<void> => {
    if (!dataFile) return Promise.resolve();
    saving = saving.then(() => store.save(dataFile));
    return saving;
  };
  if (dataFile) {
    if (!fs.existsSync(dataFile)) await save();
    store.onChange(() => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void save();
      }, 1000);
      timer.unref();
    });
  }
  return {
    url,
    accessToken,
    store,
    faults: server.faults,
    server,
    seeded,
    personas: findPersonas(store),
    sessionFor: (usernameOrId: string) => server.sessions.tokenFor(usernameOrId),
    apiUsage: () => ({ used: server.apiUsed, limit: server.apiLimit }),
    save,
    close: async () => {
      if (timer) clearTimeout(timer);
      timer = null;
      await server.close();
      await save();
    }
  };
}

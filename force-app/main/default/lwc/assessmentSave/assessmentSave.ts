/**
 * The assessment save of docs/saving.md, as ONE `executeMutation` with `allOrNone: true`: the
 * assessment's create or update first (`Version__c` + 1, a fresh `Save_Token__c`, the token it
 * replaces in `Previous_Save_Token__c`), then the rating creates (`Assessment__c: "@{a}"` for a new
 * assessment) and updates, each carrying the same token pair and its own version + 1. Each
 * operation's text is a constant; every value travels in variables.
 */
import { executeMutation, gql } from 'lightning/graphql';
import type { GraphQLError } from 'lightning/graphql';
import { reduceGraphQLErrors, reduceThrown } from 'c/errors';
import type { FieldError } from 'c/errors';

/** A Behavior_Rating__c.Rating__c value that can be saved (a rating is never blank). */
export type SavedRating = '1' | '2' | '3' | '4' | '5' | 'N/A';

/** One behaviour rating to create (ratingId null) or update. */
export interface RatingWrite {
  behaviorId: string;
  ratingId: string | null;
  /** The rating's Version__c as read (updates only; blank counts as 0). */
  versionRead?: number | null;
  rating: SavedRating;
  evidence: string | null;
  evidenceOpportunityId: string | null;
}

/** The fields a person's save writes on the assessment (besides Version__c and Save_Token__c). */
export interface AssessmentFields {
  /** Left out (undefined) by a calibrator's override, which changes scores and never the status. */
  Status__c?: 'Draft' | 'Submitted';
  /** The four below are left out (undefined) by a self-assessment, whose rep may not edit them. */
  Scope_Rating__c?: string | null;
  Impact_Rating__c?: string | null;
  Final_Score__c?: number | null;
  Overall_Score__c?: number | null;
  /** Left out of the save (undefined) when the user may not edit it. */
  Override_Reason__c?: string | null;
}

/** What a new assessment is about, written once at creation. */
export interface AssessmentHeader {
  repId: string;
  assessorId: string;
  period: string;
  salesRole: string | null;
  careerLevelId: string | null;
  inRamp: boolean;
  /**
   * Manager (the default); Self, where the rep rates themselves and the ramp flag is not theirs to
   * set; or Deal Observation, behaviours observed on one opportunity (`opportunityId`).
   */
  type?: 'Manager' | 'Self' | 'Deal Observation';
  /** The opportunity a deal observation is about (Opportunity__c); required for that type. */
  opportunityId?: string | null;
}

/** One save: a new assessment (`create`) or an existing one at the version it was read. */
export type AssessmentWrite =
  | { kind: 'create'; header: AssessmentHeader; fields: AssessmentFields; ratings: RatingWrite[] }
  | {
      kind: 'update';
      assessmentId: string;
      versionRead: number;
      /** The assessment's Save_Token__c as read: the token this save replaces. */
      saveTokenRead: string | null;
      fields: AssessmentFields;
      ratings: RatingWrite[];
    };

/** The tokens of one save: the new one, and for a new assessment a second one as its "previous". */
export interface SaveTokens {
  next: string;
  createPrevious: string;
}

/** A rating operation's alias and the behaviour it saves, so errors find their field. */
export interface PlannedOperation {
  alias: string;
  behaviorId: string;
}

/** The mutation document, its variables and the alias of each rating operation. */
export interface SaveRequest {
  query: string;
  variables: Record<string, unknown>;
  ratingOperations: PlannedOperation[];
}

/** The typed result of a save. */
export type SaveOutcome =
  | {
      kind: 'saved';
      assessmentId: string;
      version: number;
      saveToken: string;
      /** Ids of the ratings this save created, keyed by behaviour Id. */
      ratingIds: Record<string, string>;
    }
  | { kind: 'conflict'; message: string }
  | {
      kind: 'invalid';
      message: string;
      /** Messages for assessment fields, keyed by field API name. */
      assessmentErrors: Record<string, string>;
      /** Messages for rating fields, keyed by behaviour Id then field API name. */
      ratingErrors: Record<string, Record<string, string>>;
      /** Messages that name no field. */
      formErrors: string[];
    }
  | { kind: 'failed'; message: string };

/** The field whose validation error means the assessment or a rating changed since it was read. */
export const VERSION_FIELD = 'Version__c';

/** Fields whose validation error means the client broke the save contract (a bug, not the user's doing). */
const TOKEN_FIELDS = new Set(['Save_Token__c', 'Previous_Save_Token__c']);

/** Assessment fields a save writes only when given. */
const OPTIONAL_FIELDS = [
  'Scope_Rating__c',
  'Impact_Rating__c',
  'Final_Score__c',
  'Overall_Score__c',
  'Override_Reason__c'
] as const;

const CREATE_ASSESSMENT = 'a: Assessment__cCreate(input: $a) { Record { Id } }';
const UPDATE_ASSESSMENT = 'a: Assessment__cUpdate(input: $a) { success }';
const CREATE_RATING = (alias: string): string =>
  `${alias}: Behavior_Rating__cCreate(input: $${alias}) { Record { Id } }`;
const UPDATE_RATING = (alias: string): string =>
  `${alias}: Behavior_Rating__cUpdate(input: $${alias}) { success }`;

/** A new random Save_Token__c: a version 4 UUID from the platform's cryptographic random source. */
export function newSaveToken(random: (bytes: Uint8Array) => Uint8Array = defaultRandom): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function defaultRandom(bytes: Uint8Array): Uint8Array {
  return globalThis.crypto.getRandomValues(bytes);
}

function ratingRepresentation(rating: RatingWrite): Record<string, unknown> {
  return {
    Rating__c: rating.rating,
    Evidence__c: rating.evidence,
    Evidence_Opportunity__c: rating.evidenceOpportunityId
  };
}

function requireVersion(version: unknown, what: string): number {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new Error(`${what} must be a whole number, got ${String(version)}`);
  }
  return version;
}

/** Builds the mutation of one save (pure: the caller supplies the tokens). */
export function buildSaveRequest(write: AssessmentWrite, tokens: SaveTokens): SaveRequest {
  const saveToken = tokens.next;
  const previous = write.kind === 'create' ? tokens.createPrevious : write.saveTokenRead;
  if (write.kind === 'create' && tokens.createPrevious === tokens.next) {
    throw new Error('A new assessment needs two different save tokens');
  }
  const variableTypes: string[] = [];
  const operations: string[] = [];
  const variables: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {
    ...(write.fields.Status__c === undefined ? {} : { Status__c: write.fields.Status__c }),
    Save_Token__c: saveToken,
    Previous_Save_Token__c: previous
  };
  for (const name of OPTIONAL_FIELDS) {
    if (write.fields[name] !== undefined) fields[name] = write.fields[name];
  }
  if (write.kind === 'create') {
    const h = write.header;
    variableTypes.push('$a: Assessment__cCreateInput!');
    operations.push(CREATE_ASSESSMENT);
    variables.a = {
      Assessment__c: {
        Rep__c: h.repId,
        OwnerId: h.repId,
        Assessor__c: h.assessorId,
        Type__c: h.type ?? 'Manager',
        Period__c: h.period,
        Sales_Role__c: h.salesRole,
        Career_Level__c: h.careerLevelId,
        ...(h.type === 'Self' ? {} : { In_Ramp__c: h.inRamp }),
        ...(h.opportunityId ? { Opportunity__c: h.opportunityId } : {}),
        ...fields,
        Version__c: 1
      }
    };
  } else {
    requireVersion(write.versionRead, "The assessment's version");
    variableTypes.push('$a: Assessment__cUpdateInput!');
    operations.push(UPDATE_ASSESSMENT);
    variables.a = {
      Id: write.assessmentId,
      Assessment__c: { ...fields, Version__c: write.versionRead + 1 }
    };
  }
  const tokenPair = { Save_Token__c: saveToken, Previous_Save_Token__c: previous };
  const ratingOperations: PlannedOperation[] = [];
  write.ratings.forEach((rating, index) => {
    if (rating.ratingId) {
      const alias = `u${index}`;
      const version = requireVersion(rating.versionRead ?? 0, "A rating's version");
      variableTypes.push(`$${alias}: Behavior_Rating__cUpdateInput!`);
      operations.push(UPDATE_RATING(alias));
      variables[alias] = {
        Id: rating.ratingId,
        Behavior_Rating__c: { ...ratingRepresentation(rating), ...tokenPair, Version__c: version + 1 }
      };
      ratingOperations.push({ alias, behaviorId: rating.behaviorId });
    } else {
      const alias = `r${index}`;
      variableTypes.push(`$${alias}: Behavior_Rating__cCreateInput!`);
      operations.push(CREATE_RATING(alias));
      variables[alias] = {
        Behavior_Rating__c: {
          Assessment__c: write.kind === 'create' ? '@{a}' : write.assessmentId,
          Job_Behavior__c: rating.behaviorId,
          ...ratingRepresentation(rating),
          ...tokenPair,
          Version__c: 1
        }
      };
      ratingOperations.push({ alias, behaviorId: rating.behaviorId });
    }
  });
  const query =
    `mutation saveAssessment(${variableTypes.join(', ')}) {\n` +
    `  uiapi(input: { allOrNone: true }) {\n` +
    operations.map((op) => `    ${op}\n`).join('') +
    `  }\n}`;
  return { query, variables, ratingOperations };
}

/** Parses mutation text as the gql tag does a literal (the text is built from constants above). */
function documentOf(text: string): ReturnType<typeof gql> {
  const strings = Object.assign([text], { raw: [text] }) as unknown as TemplateStringsArray;
  return gql(strings);
}

interface OperationResult {
  Record?: { Id?: string } | null;
  success?: boolean;
}

interface MutationData {
  uiapi?: Record<string, OperationResult | null> | null;
}

/** Sorts field errors into the assessment's and each rating's, by the operation that raised them. */
function placeErrors(
  fieldErrors: FieldError[],
  operations: PlannedOperation[]
): { assessmentErrors: Record<string, string>; ratingErrors: Record<string, Record<string, string>> } {
  const behaviorOf = new Map(operations.map((op) => [op.alias, op.behaviorId]));
  const assessmentErrors: Record<string, string> = {};
  const ratingErrors: Record<string, Record<string, string>> = {};
  for (const error of fieldErrors) {
    const behaviorId = error.operation ? behaviorOf.get(error.operation) : undefined;
    if (behaviorId) {
      ratingErrors[behaviorId] = { ...ratingErrors[behaviorId], [error.field]: error.message };
    } else {
      assessmentErrors[error.field] = error.message;
    }
  }
  return { assessmentErrors, ratingErrors };
}

/** Turns a mutation response into the save's outcome. */
export function outcomeOf(
  write: AssessmentWrite,
  request: SaveRequest,
  saveToken: string,
  response: { data?: unknown; errors?: GraphQLError[] }
): SaveOutcome {
  const errors = response.errors ?? [];
  if (errors.length) {
    const reduced = reduceGraphQLErrors(errors, { conflictFields: [VERSION_FIELD] });
    if (reduced.kind === 'conflict') return { kind: 'conflict', message: reduced.message };
    const broken = reduced.fieldErrors.filter((e) => TOKEN_FIELDS.has(e.field));
    if (broken.length) {
      return {
        kind: 'failed',
        message: `The screen sent a save the org's save rules refuse (${broken[0].message}). Reload the page; if it happens again, tell your admin.`
      };
    }
    if (reduced.kind === 'validation' || reduced.fieldErrors.length) {
      return {
        kind: 'invalid',
        message: reduced.message,
        ...placeErrors(reduced.fieldErrors, request.ratingOperations),
        formErrors: reduced.formErrors
      };
    }
    return { kind: 'failed', message: reduced.message };
  }
  const results = (response.data as MutationData | undefined)?.uiapi ?? {};
  const ratingIds: Record<string, string> = {};
  for (const op of request.ratingOperations) {
    const id = results[op.alias]?.Record?.Id;
    if (id) ratingIds[op.behaviorId] = id;
  }
  if (write.kind === 'create') {
    const id = results.a?.Record?.Id;
    if (!id) return { kind: 'failed', message: 'Salesforce did not return the new assessment.' };
    return { kind: 'saved', assessmentId: id, version: 1, saveToken, ratingIds };
  }
  return {
    kind: 'saved',
    assessmentId: write.assessmentId,
    version: write.versionRead + 1,
    saveToken,
    ratingIds
  };
}

/** Saves an assessment and its ratings in one request; never throws, always returns an outcome. */
export async function saveAssessment(
  write: AssessmentWrite,
  tokens: SaveTokens = { next: newSaveToken(), createPrevious: newSaveToken() }
): Promise<SaveOutcome> {
  const saveToken = tokens.next;
  let request: SaveRequest;
  try {
    request = buildSaveRequest(write, tokens);
  } catch (error) {
    return { kind: 'failed', message: reduceThrown(error).message };
  }
  try {
    const response = await executeMutation({
      query: documentOf(request.query),
      variables: request.variables,
      operationName: 'saveAssessment'
    });
    return outcomeOf(write, request, saveToken, response ?? {});
  } catch (error) {
    return { kind: 'failed', message: reduceThrown(error).message };
  }
}

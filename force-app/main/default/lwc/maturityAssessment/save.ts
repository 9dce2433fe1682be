/**
 * Saves a maturity assessment and its responses as ONE `executeMutation` with `allOrNone: true`
 * (the assessment created or updated, each response created with an `@{a}` reference or updated),
 * and reduces the answer to an outcome the page can show.
 */
import { executeMutation, gql } from 'lightning/graphql';
import type { GraphQLError } from 'lightning/graphql';
import { reduceGraphQLErrors, reduceThrown } from 'c/errors';

/** One dimension's response as the page saves it. */
export interface ResponseWrite {
  dimensionId: string;
  /** The saved response's Id; null to create one. */
  responseId: string | null;
  level: number | null;
  comment: string;
}

/** A save of the page: a draft, or the completion (with the date and the staged level). */
export interface MaturityWrite {
  /** null for a new assessment. */
  assessmentId: string | null;
  /** The Version__c read (updates); the save sends it plus one, and the org refuses a stale one. */
  versionRead: number;
  name: string;
  notes: string;
  /** ISO date (YYYY-MM-DD) when completing; null while a draft. */
  assessedOn: string | null;
  level: number | null;
  responses: ResponseWrite[];
}

/** The mutation document, its variables and which alias saves which dimension. */
export interface MaturitySaveRequest {
  query: string;
  variables: Record<string, unknown>;
  aliases: Record<string, string>;
}

/** The result of a save. */
export type MaturitySaveOutcome =
  | { kind: 'saved'; assessmentId: string }
  | { kind: 'access'; message: string }
  | { kind: 'invalid'; message: string; dimensionErrors: Record<string, string>; formErrors: string[] }
  | { kind: 'failed'; message: string };

/** Builds the mutation of one save (pure). Responses with no level, no comment and no record are left out. */
export function buildMaturitySave(write: MaturityWrite): MaturitySaveRequest {
  const types: string[] = [];
  const operations: string[] = [];
  const variables: Record<string, unknown> = {};
  const aliases: Record<string, string> = {};
  const fields = {
    Notes__c: write.notes || null,
    Assessed_On__c: write.assessedOn,
    Level__c: write.level,
    Version__c: write.assessmentId ? write.versionRead + 1 : 1
  };
  if (write.assessmentId) {
    types.push('$a: Maturity_Assessment__cUpdateInput!');
    operations.push('a: Maturity_Assessment__cUpdate(input: $a) { success }');
    variables.a = { Id: write.assessmentId, Maturity_Assessment__c: fields };
  } else {
    types.push('$a: Maturity_Assessment__cCreateInput!');
    operations.push('a: Maturity_Assessment__cCreate(input: $a) { Record { Id } }');
    variables.a = { Maturity_Assessment__c: { Name: write.name, ...fields } };
  }
  write.responses.forEach((response, index) => {
    const values = { Level__c: response.level, Comment__c: response.comment || null };
    if (response.responseId) {
      const alias = `u${index}`;
      types.push(`$${alias}: Maturity_Response__cUpdateInput!`);
      operations.push(`${alias}: Maturity_Response__cUpdate(input: $${alias}) { success }`);
      variables[alias] = { Id: response.responseId, Maturity_Response__c: values };
      aliases[alias] = response.dimensionId;
    } else if (response.level !== null || response.comment) {
      const alias = `r${index}`;
      types.push(`$${alias}: Maturity_Response__cCreateInput!`);
      operations.push(`${alias}: Maturity_Response__cCreate(input: $${alias}) { Record { Id } }`);
      variables[alias] = {
        Maturity_Response__c: {
          Maturity_Assessment__c: write.assessmentId ?? '@{a}',
          Maturity_Dimension__c: response.dimensionId,
          ...values
        }
      };
      aliases[alias] = response.dimensionId;
    }
  });
  const query =
    `mutation saveMaturityAssessment(${types.join(', ')}) {\n` +
    `  uiapi(input: { allOrNone: true }) {\n` +
    operations.map((op) => `    ${op}\n`).join('') +
    `  }\n}`;
  return { query, variables, aliases };
}

/** Turns the mutation's answer into the outcome. */
export function maturityOutcome(
  write: MaturityWrite,
  request: MaturitySaveRequest,
  response: { data?: unknown; errors?: GraphQLError[] }
): MaturitySaveOutcome {
  const errors = response.errors ?? [];
  if (errors.length) {
    const reduced = reduceGraphQLErrors(errors);
    if (reduced.kind === 'access') {
      return {
        kind: 'access',
        message: `Your access lets you read maturity assessments but not save them (${reduced.message}).`
      };
    }
    if (reduced.kind === 'validation' || reduced.fieldErrors.length) {
      const dimensionErrors: Record<string, string> = {};
      const formErrors = [...reduced.formErrors];
      for (const error of reduced.fieldErrors) {
        const dimensionId = error.operation ? request.aliases[error.operation] : undefined;
        if (dimensionId) dimensionErrors[dimensionId] = error.message;
        else formErrors.push(error.message);
      }
      return { kind: 'invalid', message: reduced.message, dimensionErrors, formErrors };
    }
    return { kind: 'failed', message: reduced.message };
  }
  if (write.assessmentId) return { kind: 'saved', assessmentId: write.assessmentId };
  const results = (
    response.data as { uiapi?: Record<string, { Record?: { Id?: string } } | null> } | undefined
  )?.uiapi;
  const id = results?.a?.Record?.Id;
  return id
    ? { kind: 'saved', assessmentId: id }
    : { kind: 'failed', message: 'Salesforce did not return the new maturity assessment.' };
}

/** Parses the mutation text as the gql tag parses a literal (the text is built from constants above). */
function documentOf(text: string): ReturnType<typeof gql> {
  const strings = Object.assign([text], { raw: [text] }) as unknown as TemplateStringsArray;
  return gql(strings);
}

/** Saves in one request; never throws. */
export async function saveMaturity(write: MaturityWrite): Promise<MaturitySaveOutcome> {
  const request = buildMaturitySave(write);
  try {
    const response = await executeMutation({
      query: documentOf(request.query),
      variables: request.variables,
      operationName: 'saveMaturityAssessment'
    });
    return maturityOutcome(write, request, response ?? {});
  } catch (error) {
    return { kind: 'failed', message: reduceThrown(error).message };
  }
}

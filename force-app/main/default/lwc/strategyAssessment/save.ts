/**
 * Saves a strategy assessment, its answers and its importance ratings as ONE `executeMutation`
 * with `allOrNone: true` (new children reference a new assessment as `@{a}`), and reduces the
 * answer to an outcome the page can show.
 */
import { executeMutation, gql } from 'lightning/graphql';
import type { GraphQLError } from 'lightning/graphql';
import { reduceGraphQLErrors, reduceThrown } from 'c/errors';

/** One answer to save. */
export interface AnswerWrite {
  statementId: string;
  answerId: string | null;
  answer: string | null;
}

/** One importance rating to save. */
export interface ImportanceWrite {
  areaId: string;
  ratingId: string | null;
  importance: number | null;
}

/** A save of the page: a draft, or the completion (with the date). */
export interface StrategyWrite {
  assessmentId: string | null;
  /** The Version__c read (updates); the save sends it plus one, and the org refuses a stale one. */
  versionRead: number;
  name: string;
  notes: string;
  /** ISO date when completing; null while a draft. */
  assessedOn: string | null;
  answers: AnswerWrite[];
  importance: ImportanceWrite[];
}

/** The mutation document and its variables. */
export interface StrategySaveRequest {
  query: string;
  variables: Record<string, unknown>;
}

/** The result of a save. */
export type StrategySaveOutcome =
  | { kind: 'saved'; assessmentId: string }
  | { kind: 'access'; message: string }
  | { kind: 'failed'; message: string };

/** Builds the mutation of one save (pure). Blank answers and ratings with no record are left out. */
export function buildStrategySave(write: StrategyWrite): StrategySaveRequest {
  const types: string[] = [];
  const operations: string[] = [];
  const variables: Record<string, unknown> = {};
  const fields = {
    Notes__c: write.notes || null,
    Assessed_On__c: write.assessedOn,
    Version__c: write.assessmentId ? write.versionRead + 1 : 1
  };
  if (write.assessmentId) {
    types.push('$a: Strategy_Assessment__cUpdateInput!');
    operations.push('a: Strategy_Assessment__cUpdate(input: $a) { success }');
    variables.a = { Id: write.assessmentId, Strategy_Assessment__c: fields };
  } else {
    types.push('$a: Strategy_Assessment__cCreateInput!');
    operations.push('a: Strategy_Assessment__cCreate(input: $a) { Record { Id } }');
    variables.a = { Strategy_Assessment__c: { Name: write.name, ...fields } };
  }
  const parent = write.assessmentId ?? '@{a}';
  const add = (
    alias: string,
    object: string,
    mode: 'Create' | 'Update',
    input: Record<string, unknown>
  ): void => {
    types.push(`$${alias}: ${object}${mode}Input!`);
    operations.push(
      `${alias}: ${object}${mode}(input: $${alias}) { ${mode === 'Create' ? 'Record { Id }' : 'success'} }`
    );
    variables[alias] = input;
  };
  write.answers.forEach((a, i) => {
    if (a.answerId)
      add(`s${i}`, 'Strategy_Answer__c', 'Update', {
        Id: a.answerId,
        Strategy_Answer__c: { Answer__c: a.answer }
      });
    else if (a.answer !== null)
      add(`s${i}`, 'Strategy_Answer__c', 'Create', {
        Strategy_Answer__c: {
          Strategy_Assessment__c: parent,
          Thought_Starter__c: a.statementId,
          Answer__c: a.answer
        }
      });
  });
  write.importance.forEach((r, i) => {
    if (r.ratingId)
      add(`i${i}`, 'Strategy_Area_Rating__c', 'Update', {
        Id: r.ratingId,
        Strategy_Area_Rating__c: { Importance__c: r.importance }
      });
    else if (r.importance !== null)
      add(`i${i}`, 'Strategy_Area_Rating__c', 'Create', {
        Strategy_Area_Rating__c: {
          Strategy_Assessment__c: parent,
          Strategy_Area__c: r.areaId,
          Importance__c: r.importance
        }
      });
  });
  const query =
    `mutation saveStrategyAssessment(${types.join(', ')}) {\n` +
    `  uiapi(input: { allOrNone: true }) {\n` +
    operations.map((op) => `    ${op}\n`).join('') +
    `  }\n}`;
  return { query, variables };
}

/** Turns the mutation's answer into the outcome. */
export function strategyOutcome(
  write: StrategyWrite,
  response: { data?: unknown; errors?: GraphQLError[] }
): StrategySaveOutcome {
  const errors = response.errors ?? [];
  if (errors.length) {
    const reduced = reduceGraphQLErrors(errors);
    if (reduced.kind === 'access') {
      return {
        kind: 'access',
        message: `Your access lets you read strategy assessments but not save them (${reduced.message}).`
      };
    }
    return { kind: 'failed', message: reduced.message };
  }
  if (write.assessmentId) return { kind: 'saved', assessmentId: write.assessmentId };
  const id = (response.data as { uiapi?: Record<string, { Record?: { Id?: string } } | null> } | undefined)
    ?.uiapi?.a?.Record?.Id;
  return id
    ? { kind: 'saved', assessmentId: id }
    : { kind: 'failed', message: 'Salesforce did not return the new strategy assessment.' };
}

/** Parses the mutation text as the gql tag parses a literal (the text is built from constants above). */
function documentOf(text: string): ReturnType<typeof gql> {
  const strings = Object.assign([text], { raw: [text] }) as unknown as TemplateStringsArray;
  return gql(strings);
}

/** Saves in one request; never throws. */
export async function saveStrategy(write: StrategyWrite): Promise<StrategySaveOutcome> {
  const request = buildStrategySave(write);
  try {
    const response = await executeMutation({
      query: documentOf(request.query),
      variables: request.variables,
      operationName: 'saveStrategyAssessment'
    });
    return strategyOutcome(write, response ?? {});
  } catch (error) {
    return { kind: 'failed', message: reduceThrown(error).message };
  }
}

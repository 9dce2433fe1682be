/**
 * The rep's acknowledgement of a submitted manager assessment: ONE `executeMutation` with
 * `allOrNone: true` that sets Status__c to Acknowledged with the optional comment, under the save
 * contract of docs/saving.md (Version__c + 1, a fresh Save_Token__c, the token it replaces in
 * Previous_Save_Token__c). The mutation text is a constant; every value travels in variables.
 */
import { executeMutation, gql } from 'lightning/graphql';
import type { GraphQLError } from 'lightning/graphql';
import { VERSION_FIELD, newSaveToken } from 'c/assessmentSave';
import { reduceGraphQLErrors, reduceThrown } from 'c/errors';

export const ACKNOWLEDGE_MUTATION = gql`
  mutation acknowledgeAssessment($a: Assessment__cUpdateInput!) {
    uiapi(input: { allOrNone: true }) {
      a: Assessment__cUpdate(input: $a) {
        success
      }
    }
  }
`;

/** What the rep acknowledges: the assessment as it was read, and the comment. */
export interface AcknowledgeInput {
  assessmentId: string;
  versionRead: number;
  saveTokenRead: string | null;
  comment: string;
}

/** The result of an acknowledgement. */
export type AcknowledgeOutcome =
  | { kind: 'acknowledged' }
  | { kind: 'conflict'; message: string }
  | { kind: 'invalid'; message: string; fieldErrors: Record<string, string> }
  | { kind: 'failed'; message: string };

/** The longest comment Acknowledgement_Comment__c holds. */
export const COMMENT_MAX_LENGTH = 4000;

/** The mutation's variables (pure: the caller supplies the new token). */
export function acknowledgeVariables(input: AcknowledgeInput, token: string): Record<string, unknown> {
  if (!Number.isInteger(input.versionRead) || input.versionRead < 0) {
    throw new Error(`The assessment's version must be a whole number, got ${String(input.versionRead)}`);
  }
  const comment = input.comment.trim();
  if (comment.length > COMMENT_MAX_LENGTH) {
    throw new Error(
      `The comment has ${comment.length} characters; ${COMMENT_MAX_LENGTH} is the most it can hold.`
    );
  }
  return {
    a: {
      Id: input.assessmentId,
      Assessment__c: {
        Status__c: 'Acknowledged',
        Acknowledgement_Comment__c: comment === '' ? null : comment,
        Version__c: input.versionRead + 1,
        Save_Token__c: token,
        Previous_Save_Token__c: input.saveTokenRead
      }
    }
  };
}

/** Turns the mutation's response into an outcome. */
export function acknowledgeOutcome(response: {
  data?: unknown;
  errors?: GraphQLError[];
}): AcknowledgeOutcome {
  const errors = response.errors ?? [];
  if (!errors.length) return { kind: 'acknowledged' };
  const reduced = reduceGraphQLErrors(errors, { conflictFields: [VERSION_FIELD] });
  if (reduced.kind === 'conflict') {
    return {
      kind: 'conflict',
      message:
        'This assessment changed after you opened it. Reload the page to see the latest version, then acknowledge it.'
    };
  }
  if (reduced.kind === 'validation' || reduced.fieldErrors.length) {
    const fieldErrors: Record<string, string> = {};
    for (const e of reduced.fieldErrors) fieldErrors[e.field] = e.message;
    return { kind: 'invalid', message: reduced.message, fieldErrors };
  }
  return { kind: 'failed', message: reduced.message };
}

/** Acknowledges in one request; never throws, always returns an outcome. */
export async function acknowledgeAssessment(
  input: AcknowledgeInput,
  token: string = newSaveToken()
): Promise<AcknowledgeOutcome> {
  let variables: Record<string, unknown>;
  try {
    variables = acknowledgeVariables(input, token);
  } catch (error) {
    return { kind: 'failed', message: reduceThrown(error).message };
  }
  try {
    const response = await executeMutation({
      query: ACKNOWLEDGE_MUTATION,
      variables,
      operationName: 'acknowledgeAssessment'
    });
    return acknowledgeOutcome(response ?? {});
  } catch (error) {
    return { kind: 'failed', message: reduceThrown(error).message };
  }
}

import { describeLoadErrors, reduceGraphQLErrors, reduceThrown } from 'c/errors';
import type { GraphQLError } from 'lightning/graphql';

const validation = (message: string, fields: string[], path?: string[]): GraphQLError => ({
  message,
  ...(path ? { paths: path } : {}),
  extensions: { ErrorType: 'DataFetchingException', errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields }
});

describe('c/errors', () => {
  it('keeps each distinct message once for a query that failed', () => {
    const errors: GraphQLError[] = [
      { message: 'No such column Stages__c', extensions: { ErrorType: 'ValidationError' } },
      { message: 'No such column Stages__c', extensions: { ErrorType: 'ValidationError' } },
      { message: 'Invalid cursor', extensions: { ErrorType: 'ValidationError' } }
    ];
    const reduced = reduceGraphQLErrors(errors);
    expect(reduced.kind).toBe('request');
    expect(reduced.message).toBe('No such column Stages__c; Invalid cursor');
    expect(describeLoadErrors('The model', errors)).toBe(
      'The model could not be loaded: No such column Stages__c; Invalid cursor'
    );
  });

  it('maps a validation rule message to the field it names and the operation that raised it', () => {
    const reduced = reduceGraphQLErrors([
      validation('Describe what you observed.', ['Evidence__c'], ['uiapi', 'r2']),
      {
        message: 'a was rolled back because another operation failed and allOrNone is true',
        paths: ['uiapi', 'a'],
        extensions: { ErrorType: 'ExecutionAborted' }
      }
    ]);
    expect(reduced.kind).toBe('validation');
    expect(reduced.fieldErrors).toEqual([
      { field: 'Evidence__c', message: 'Describe what you observed.', operation: 'r2' }
    ]);
    expect(reduced.formErrors).toEqual([]);
    expect(reduced.message).toBe('Describe what you observed.');
  });

  it('recognises the stale-version refusal as a conflict, by the field it names', () => {
    const reduced = reduceGraphQLErrors(
      [validation('Reload the assessment.', ['Version__c'], ['uiapi', 'a'])],
      {
        conflictFields: ['Version__c']
      }
    );
    expect(reduced.kind).toBe('conflict');
    expect(reduced.fieldErrors).toEqual([]);
    expect(reduced.formErrors).toEqual(['Reload the assessment.']);
    // Without the option the same error is an ordinary field error.
    expect(reduceGraphQLErrors([validation('Reload the assessment.', ['Version__c'])]).kind).toBe(
      'validation'
    );
  });

  it('tells missing access from invalid input, and keeps field-less messages for the form', () => {
    const access = reduceGraphQLErrors([
      {
        message: 'insufficient access rights on object id',
        extensions: { ErrorType: 'DataFetchingException', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' }
      }
    ]);
    expect(access.kind).toBe('access');
    expect(access.formErrors).toEqual(['insufficient access rights on object id']);
    const server = reduceGraphQLErrors([{ message: '', extensions: { ErrorType: 'DataFetchingException' } }]);
    expect(server.kind).toBe('server');
    expect(server.message).toBe('Unknown error');
  });

  it('keeps a rolled-back note when it is the only error', () => {
    const reduced = reduceGraphQLErrors([
      { message: 'a was rolled back', paths: ['uiapi', 'a'], extensions: { ErrorType: 'ExecutionAborted' } }
    ]);
    expect(reduced.message).toBe('a was rolled back');
  });

  it('reads thrown errors of every shape', () => {
    expect(reduceThrown(new Error('Failed to fetch')).message).toBe('Failed to fetch');
    expect(reduceThrown({ body: { message: 'Session expired' } }).message).toBe('Session expired');
    expect(reduceThrown({ message: 'Plain object' }).message).toBe('Plain object');
    expect(reduceThrown('text').message).toBe('text');
    expect(reduceThrown(undefined)).toEqual({
      kind: 'network',
      message: 'The request could not reach Salesforce. Check the connection and try again.',
      fieldErrors: [],
      formErrors: ['The request could not reach Salesforce. Check the connection and try again.']
    });
  });
});

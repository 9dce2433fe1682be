import * as path from 'node:path';
import { getOperationAST, getVariableValues, parse, validate } from 'graphql';
import { executeMutation } from 'lightning/graphql';
import { buildSaveRequest, newSaveToken, saveAssessment } from 'c/assessmentSave';
import type { AssessmentFields, AssessmentWrite } from 'c/assessmentSave';
import { buildGraphQLSchema } from '../../../../../../scripts/uiapi/schema';

const mutate = executeMutation as unknown as jest.Mock;
const ROOT = path.resolve(__dirname, '../../../../../..');
const schema = buildGraphQLSchema(ROOT);
const TOKEN = '0f8fad5b-d9cb-469f-a165-70867728950e';
const PREVIOUS = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const READ = '16fd2706-8baf-433b-82eb-8c7fada847da';
const TOKENS = { next: TOKEN, createPrevious: PREVIOUS };

const fields: AssessmentFields = {
  Status__c: 'Draft',
  Scope_Rating__c: 'Meeting',
  Impact_Rating__c: null,
  Final_Score__c: null,
  Overall_Score__c: 3.25
};

const createWrite: AssessmentWrite = {
  kind: 'create',
  header: {
    repId: '005000000000001AAA',
    assessorId: '005000000000000AAA',
    period: '2026-Q3',
    salesRole: 'Account Executive',
    careerLevelId: 'a08000000000003AAA',
    inRamp: false
  },
  fields,
  ratings: [
    {
      behaviorId: 'a03000000000011AAA',
      ratingId: null,
      rating: '3',
      evidence: null,
      evidenceOpportunityId: null
    },
    {
      behaviorId: 'a03000000000012AAA',
      ratingId: null,
      rating: '2',
      evidence: 'Skipped the pain question twice.',
      evidenceOpportunityId: '006000000000001AAA'
    }
  ]
};

const updateWrite: AssessmentWrite = {
  kind: 'update',
  assessmentId: 'a05000000000001AAA',
  versionRead: 7,
  saveTokenRead: READ,
  fields: { ...fields, Status__c: 'Submitted', Final_Score__c: 2, Override_Reason__c: 'Calibrated up.' },
  ratings: [
    {
      behaviorId: 'a03000000000011AAA',
      ratingId: 'a06000000000011AAA',
      versionRead: 2,
      rating: 'N/A',
      evidence: null,
      evidenceOpportunityId: null
    },
    {
      behaviorId: 'a03000000000031AAA',
      ratingId: null,
      rating: '5',
      evidence: null,
      evidenceOpportunityId: null
    }
  ]
};

/** Parses, validates and coerces a built request against the local org's UI API schema. */
function check(request: { query: string; variables: Record<string, unknown> }): string[] {
  const document = parse(request.query);
  const problems = validate(schema, document).map((e) => e.message);
  const op = getOperationAST(document);
  const coerced = getVariableValues(schema, op!.variableDefinitions ?? [], request.variables);
  if (coerced.errors) problems.push(...coerced.errors.map((e) => e.message));
  return problems;
}

describe('c/assessmentSave', () => {
  afterEach(() => mutate.mockReset());

  it('creates the assessment first, then ratings that refer to it as @{a}, all in variables', () => {
    const request = buildSaveRequest(createWrite, TOKENS);
    expect(request.query).toBe(
      [
        'mutation saveAssessment($a: Assessment__cCreateInput!, $r0: Behavior_Rating__cCreateInput!, $r1: Behavior_Rating__cCreateInput!) {',
        '  uiapi(input: { allOrNone: true }) {',
        '    a: Assessment__cCreate(input: $a) { Record { Id } }',
        '    r0: Behavior_Rating__cCreate(input: $r0) { Record { Id } }',
        '    r1: Behavior_Rating__cCreate(input: $r1) { Record { Id } }',
        '  }',
        '}'
      ].join('\n')
    );
    expect(request.variables.a).toEqual({
      Assessment__c: {
        Rep__c: '005000000000001AAA',
        OwnerId: '005000000000001AAA',
        Assessor__c: '005000000000000AAA',
        Type__c: 'Manager',
        Period__c: '2026-Q3',
        Sales_Role__c: 'Account Executive',
        Career_Level__c: 'a08000000000003AAA',
        In_Ramp__c: false,
        Status__c: 'Draft',
        Scope_Rating__c: 'Meeting',
        Impact_Rating__c: null,
        Final_Score__c: null,
        Overall_Score__c: 3.25,
        Save_Token__c: TOKEN,
        Previous_Save_Token__c: PREVIOUS,
        Version__c: 1
      }
    });
    expect(request.variables.r1).toEqual({
      Behavior_Rating__c: {
        Assessment__c: '@{a}',
        Job_Behavior__c: 'a03000000000012AAA',
        Rating__c: '2',
        Evidence__c: 'Skipped the pain question twice.',
        Evidence_Opportunity__c: '006000000000001AAA',
        Save_Token__c: TOKEN,
        Previous_Save_Token__c: PREVIOUS,
        Version__c: 1
      }
    });
    expect(request.ratingOperations).toEqual([
      { alias: 'r0', behaviorId: 'a03000000000011AAA' },
      { alias: 'r1', behaviorId: 'a03000000000012AAA' }
    ]);
    expect(check(request)).toEqual([]);
  });

  it('creates a deal observation on its opportunity, with only the fields an observation has', () => {
    const request = buildSaveRequest(
      {
        kind: 'create',
        header: { ...createWrite.header, type: 'Deal Observation', opportunityId: '006000000000001AAA' },
        fields: { Status__c: 'Submitted' },
        ratings: createWrite.ratings
      },
      TOKENS
    );
    expect(request.variables.a).toEqual({
      Assessment__c: {
        Rep__c: '005000000000001AAA',
        OwnerId: '005000000000001AAA',
        Assessor__c: '005000000000000AAA',
        Type__c: 'Deal Observation',
        Opportunity__c: '006000000000001AAA',
        Period__c: '2026-Q3',
        Sales_Role__c: 'Account Executive',
        Career_Level__c: 'a08000000000003AAA',
        In_Ramp__c: false,
        Status__c: 'Submitted',
        Save_Token__c: TOKEN,
        Previous_Save_Token__c: PREVIOUS,
        Version__c: 1
      }
    });
    expect(check(request)).toEqual([]);
  });

  it('updates the assessment at the version read plus one, then updates and creates ratings', () => {
    const request = buildSaveRequest(updateWrite, TOKENS);
    expect(request.query).toContain('a: Assessment__cUpdate(input: $a) { success }');
    expect(request.query).toContain('u0: Behavior_Rating__cUpdate(input: $u0) { success }');
    expect(request.variables.a).toEqual({
      Id: 'a05000000000001AAA',
      Assessment__c: {
        Status__c: 'Submitted',
        Scope_Rating__c: 'Meeting',
        Impact_Rating__c: null,
        Final_Score__c: 2,
        Overall_Score__c: 3.25,
        Override_Reason__c: 'Calibrated up.',
        Save_Token__c: TOKEN,
        Previous_Save_Token__c: READ,
        Version__c: 8
      }
    });
    expect(request.variables.u0).toEqual({
      Id: 'a06000000000011AAA',
      Behavior_Rating__c: {
        Rating__c: 'N/A',
        Evidence__c: null,
        Evidence_Opportunity__c: null,
        Save_Token__c: TOKEN,
        Previous_Save_Token__c: READ,
        Version__c: 3
      }
    });
    expect(request.variables.r1).toMatchObject({
      Behavior_Rating__c: { Save_Token__c: TOKEN, Previous_Save_Token__c: READ, Version__c: 1 }
    });
    expect(
      (request.variables.r1 as { Behavior_Rating__c: { Assessment__c: string } }).Behavior_Rating__c
        .Assessment__c
    ).toBe('a05000000000001AAA');
    expect(check(request)).toEqual([]);
  });

  it('a calibrator’s override writes the final score and reason at the version read, and never the status', () => {
    const request = buildSaveRequest(
      {
        kind: 'update',
        assessmentId: 'a05000000000001AAA',
        versionRead: 7,
        saveTokenRead: READ,
        fields: { Final_Score__c: 2, Override_Reason__c: 'Led the launch.' },
        ratings: []
      },
      TOKENS
    );
    expect(request.variables.a).toEqual({
      Id: 'a05000000000001AAA',
      Assessment__c: {
        Final_Score__c: 2,
        Override_Reason__c: 'Led the launch.',
        Save_Token__c: TOKEN,
        Previous_Save_Token__c: READ,
        Version__c: 8
      }
    });
    expect(check(request)).toEqual([]);
  });

  it('an assessment-only save is still one valid mutation', () => {
    const request = buildSaveRequest({ ...updateWrite, ratings: [] }, TOKENS);
    expect(Object.keys(request.variables)).toEqual(['a']);
    expect(check(request)).toEqual([]);
  });

  it('rejects a version that is not a whole number rather than switching the check off', () => {
    expect(() => buildSaveRequest({ ...updateWrite, versionRead: Number.NaN }, TOKENS)).toThrow(
      "The assessment's version must be a whole number, got NaN"
    );
  });

  it('refuses to create an assessment with one token for both new and previous', () => {
    expect(() => buildSaveRequest(createWrite, { next: TOKEN, createPrevious: TOKEN })).toThrow(
      'A new assessment needs two different save tokens'
    );
  });

  it('rejects a rating version that is not a whole number', () => {
    const bad = { ...updateWrite, ratings: [{ ...updateWrite.ratings[0], versionRead: 1.5 }] };
    expect(() => buildSaveRequest(bad, TOKENS)).toThrow("A rating's version must be a whole number, got 1.5");
  });

  it('treats a refused token as a broken save, not as a mistake of the user', async () => {
    mutate.mockResolvedValueOnce({
      errors: [
        {
          message: 'Every save needs a new token.',
          paths: ['uiapi', 'a'],
          extensions: {
            ErrorType: 'DataFetchingException',
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            fields: ['Save_Token__c']
          }
        }
      ]
    });
    expect(await saveAssessment(updateWrite, TOKENS)).toEqual({
      kind: 'failed',
      message:
        "The screen sent a save the org's save rules refuse (Every save needs a new token.). Reload the page; if it happens again, tell your admin."
    });
  });

  it('writes a fresh version 4 UUID as the save token', () => {
    const fixed = newSaveToken((bytes) => bytes.fill(0xff));
    expect(fixed).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    const a = newSaveToken();
    const b = newSaveToken();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(a).toHaveLength(36);
  });

  it('returns the new Ids of a saved create', async () => {
    mutate.mockResolvedValue({
      data: {
        uiapi: {
          a: { Record: { Id: 'a05000000000009AAA' } },
          r0: { Record: { Id: 'a0600000000000AAAA' } },
          r1: null
        }
      }
    });
    const outcome = await saveAssessment(createWrite, TOKENS);
    expect(outcome).toEqual({
      kind: 'saved',
      assessmentId: 'a05000000000009AAA',
      version: 1,
      saveToken: TOKEN,
      ratingIds: { a03000000000011AAA: 'a0600000000000AAAA' }
    });
    const call = mutate.mock.calls[0][0];
    expect(call.operationName).toBe('saveAssessment');
    expect(call.query).toContain('mutation saveAssessment(');
  });

  it('fails clearly when a create answers without the new record', async () => {
    mutate.mockResolvedValue({ data: { uiapi: { a: null } } });
    expect(await saveAssessment(createWrite, TOKENS)).toEqual({
      kind: 'failed',
      message: 'Salesforce did not return the new assessment.'
    });
  });

  it('tells a stale save from a refused one and from a failed request', async () => {
    mutate.mockResolvedValueOnce({
      errors: [
        {
          message: 'Someone else saved first.',
          paths: ['uiapi', 'a'],
          extensions: {
            ErrorType: 'DataFetchingException',
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            fields: ['Version__c']
          }
        }
      ]
    });
    expect(await saveAssessment(updateWrite, TOKENS)).toEqual({
      kind: 'conflict',
      message: 'Someone else saved first.'
    });

    mutate.mockResolvedValueOnce({
      errors: [
        {
          message: 'Enter a final score from 1 (best) to 5.',
          paths: ['uiapi', 'a'],
          extensions: {
            ErrorType: 'DataFetchingException',
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            fields: ['Final_Score__c']
          }
        },
        {
          message: 'Choose a rating.',
          paths: ['uiapi', 'r1'],
          extensions: {
            ErrorType: 'DataFetchingException',
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            fields: ['Rating__c']
          }
        },
        {
          message: 'Only the assessor can change the content of this assessment.',
          paths: ['uiapi', 'a'],
          extensions: {
            ErrorType: 'DataFetchingException',
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            fields: []
          }
        }
      ]
    });
    expect(await saveAssessment(updateWrite, TOKENS)).toEqual({
      kind: 'invalid',
      message:
        'Only the assessor can change the content of this assessment.; Enter a final score from 1 (best) to 5.; Choose a rating.',
      assessmentErrors: { Final_Score__c: 'Enter a final score from 1 (best) to 5.' },
      ratingErrors: { a03000000000031AAA: { Rating__c: 'Choose a rating.' } },
      formErrors: ['Only the assessor can change the content of this assessment.']
    });

    mutate.mockResolvedValueOnce({
      errors: [{ message: 'Server busy', extensions: { ErrorType: 'ExecutionAborted' } }]
    });
    expect(await saveAssessment(updateWrite, TOKENS)).toEqual({ kind: 'failed', message: 'Server busy' });

    mutate.mockRejectedValueOnce(new Error('Failed to fetch'));
    expect(await saveAssessment(updateWrite, TOKENS)).toEqual({ kind: 'failed', message: 'Failed to fetch' });
  });

  it('never sends a save whose version cannot be raised', async () => {
    const outcome = await saveAssessment({ ...updateWrite, versionRead: -1 }, TOKENS);
    expect(outcome.kind).toBe('failed');
    expect(mutate).not.toHaveBeenCalled();
  });
});

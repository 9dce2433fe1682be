import { executeMutation } from 'lightning/graphql';
import { COMMENT_MAX_LENGTH, acknowledgeAssessment, acknowledgeVariables } from '../acknowledge';

const mutate = executeMutation as unknown as jest.Mock;
const input = { assessmentId: 'a06000000000Q3AAA', versionRead: 4, saveTokenRead: 'token-read', comment: '' };

describe('acknowledge', () => {
  afterEach(() => mutate.mockReset());

  it('sends a blank comment as null and follows the token contract', () => {
    expect(acknowledgeVariables({ ...input, comment: ' \n ' }, 'token-new')).toEqual({
      a: {
        Id: 'a06000000000Q3AAA',
        Assessment__c: {
          Status__c: 'Acknowledged',
          Acknowledgement_Comment__c: null,
          Version__c: 5,
          Save_Token__c: 'token-new',
          Previous_Save_Token__c: 'token-read'
        }
      }
    });
  });

  it('refuses a comment longer than the field with a clear message, before any request', async () => {
    const long = 'x'.repeat(COMMENT_MAX_LENGTH + 1);
    expect(() => acknowledgeVariables({ ...input, comment: long }, 't')).toThrow(
      'The comment has 4001 characters; 4000 is the most it can hold.'
    );
    await expect(acknowledgeAssessment({ ...input, comment: long })).resolves.toEqual({
      kind: 'failed',
      message: 'The comment has 4001 characters; 4000 is the most it can hold.'
    });
    expect(mutate).not.toHaveBeenCalled();
  });

  it('refuses a version that is not a whole number', () => {
    expect(() => acknowledgeVariables({ ...input, versionRead: 1.5 }, 't')).toThrow(
      "The assessment's version must be a whole number, got 1.5"
    );
  });

  it('reports a network failure as failed, never throws', async () => {
    mutate.mockRejectedValue(new Error('Failed to fetch'));
    await expect(acknowledgeAssessment(input)).resolves.toEqual({
      kind: 'failed',
      message: 'Failed to fetch'
    });
  });

  it('reports an access refusal as failed with the org’s message', async () => {
    mutate.mockResolvedValue({
      errors: [
        { message: 'insufficient access', extensions: { errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' } }
      ]
    });
    await expect(acknowledgeAssessment(input)).resolves.toEqual({
      kind: 'failed',
      message: 'insufficient access'
    });
  });
});

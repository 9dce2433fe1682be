import { clearDraft, draftKey, editCount, loadDraft, saveDraft } from '../draftStore';

describe('repRating draft store', () => {
  const key = draftKey('005000000000001AAA', '2026-Q3');

  afterEach(() => window.sessionStorage.clear());

  it('keys by rep (15 characters) and period', () => {
    expect(key).toBe('salesCompetency.ratingEdits:005000000000001:2026-Q3');
    expect(draftKey('005000000000001', '2026-Q3')).toBe(key);
  });

  it('stores edits and reads them back; no edits removes the copy', () => {
    const edits = {
      ratings: { b1: { rating: '2', evidence: 'Seen twice.' }, b2: { opportunityId: null } },
      scope: 'Meeting',
      final: 3
    };
    saveDraft(key, edits);
    expect(loadDraft(key)).toEqual(edits);
    expect(editCount(edits)).toBe(5);
    saveDraft(key, { ratings: {} });
    expect(window.sessionStorage.getItem(key)).toBeNull();
  });

  it('drops anything malformed rather than trusting it', () => {
    for (const raw of [
      'not json',
      'null',
      '{"ratings":5}',
      '{"ratings":{"b1":5}}',
      '{"ratings":{"b1":{"rating":3}}}',
      '{"ratings":{"b1":{"evidence":null}}}',
      '{"ratings":{"b1":{"opportunityId":7}}}',
      '{"ratings":{}}'
    ]) {
      window.sessionStorage.setItem(key, raw);
      expect(loadDraft(key)).toBeNull();
    }
    window.sessionStorage.setItem(
      key,
      '{"ratings":{},"scope":5,"impact":"Below","final":"x","overrideReason":"r"}'
    );
    expect(loadDraft(key)).toEqual({
      ratings: {},
      scope: null,
      impact: 'Below',
      final: null,
      overrideReason: 'r'
    });
  });

  it('clears the stored copy', () => {
    saveDraft(key, { ratings: { b1: { rating: 'N/A' } } });
    clearDraft(key);
    expect(loadDraft(key)).toBeNull();
  });
});

import {
  booleanOf,
  displayOf,
  fieldAccess,
  firstNodeOf,
  nodesOf,
  numberOf,
  sameId,
  textOf,
  valueOf
} from 'c/uiApi';
import type { ObjectInfo } from 'c/uiApi';

describe('c/uiApi', () => {
  it('unwraps field values, null when missing or unreadable', () => {
    expect(valueOf({ value: 'Draft' })).toBe('Draft');
    expect(valueOf({ value: null })).toBeNull();
    expect(valueOf(null)).toBeNull();
    expect(valueOf(undefined)).toBeNull();
    expect(textOf({ value: null })).toBe('');
    expect(numberOf({ value: 3.5 })).toBe(3.5);
    expect(numberOf({ value: Number.NaN })).toBeNull();
    expect(numberOf(null)).toBeNull();
    expect(booleanOf({ value: true })).toBe(true);
    expect(booleanOf({ value: null })).toBe(false);
  });

  it('prefers the display value, then the value as text', () => {
    expect(displayOf({ value: '2026-09-20', displayValue: '20 Sep 2026' })).toBe('20 Sep 2026');
    expect(displayOf({ value: 134, displayValue: null })).toBe('134');
    expect(displayOf({ value: false })).toBe('false');
    expect(displayOf({ value: { nested: true } })).toBe('');
    expect(displayOf({ value: null, displayValue: '' })).toBe('');
    expect(displayOf(undefined)).toBe('');
  });

  it('reads connections in order', () => {
    const connection = { edges: [{ node: { Id: 'a' } }, { node: { Id: 'b' } }] };
    expect(nodesOf(connection).map((n) => n.Id)).toEqual(['a', 'b']);
    expect(firstNodeOf(connection)?.Id).toBe('a');
    expect(nodesOf(null)).toEqual([]);
    expect(firstNodeOf({ edges: [] })).toBeNull();
  });

  it('compares 15- and 18-character Ids', () => {
    expect(sameId('005000000000001AAA', '005000000000001')).toBe(true);
    expect(sameId('005000000000001AAA', '005000000000002AAA')).toBe(false);
    expect(sameId(null, '005000000000001AAA')).toBe(false);
  });

  it('reads the user’s access from object infos', () => {
    const infos: ObjectInfo[] = [
      {
        ApiName: 'Assessment__c',
        createable: true,
        updateable: true,
        fields: [
          { ApiName: 'Final_Score__c', createable: true, updateable: true },
          { ApiName: 'Override_Reason__c', createable: false, updateable: false }
        ]
      },
      { ApiName: 'Behavior_Rating__c', createable: false, updateable: true }
    ];
    expect(fieldAccess(infos, 'Assessment__c')).toEqual({ createable: true, updateable: true });
    expect(fieldAccess(infos, 'Assessment__c', 'Final_Score__c')).toEqual({
      createable: true,
      updateable: true
    });
    expect(fieldAccess(infos, 'Assessment__c', 'Override_Reason__c')).toEqual({
      createable: false,
      updateable: false
    });
    expect(fieldAccess(infos, 'Assessment__c', 'Missing__c')).toEqual({
      createable: false,
      updateable: false
    });
    expect(fieldAccess(infos, 'Behavior_Rating__c', 'Rating__c')).toEqual({
      createable: false,
      updateable: false
    });
    expect(fieldAccess(infos, 'Other__c')).toBeNull();
    expect(fieldAccess(null, 'Assessment__c')).toBeNull();
  });
});

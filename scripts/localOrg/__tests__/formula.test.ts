/**
 * The validation-rule formula subset, and the package's own rules enforced by the store.
 */
import { evaluate, parseFormula, type FormulaContext, type FValue } from '../formula';
import { loadSchema } from '../../metadata/schema';
import { SfError, Store } from '../store';
import { NOW } from './helpers';

function run(
  src: string,
  values: Record<string, FValue> = {},
  prior: Record<string, FValue> | null = null
): FValue {
  const ctx: FormulaContext = {
    get: (p) => values[p] ?? null,
    prior: (p) => (prior ? (prior[p] ?? null) : null),
    isNew: prior === null,
    userId: '005000000000001AAA',
    hasPermission: (n) => n === 'Granted'
  };
  return evaluate(parseFormula(src), ctx);
}

describe('formula evaluator', () => {
  it('follows operator precedence and blank handling', () => {
    expect(run('1 + 2 * 3 = 7 && 2 > 1')).toBe(true);
    expect(run('"a" & B & "c"', { B: null })).toBe('ac');
    expect(run('X + 1', {})).toBeNull();
    expect(run('X < 1', {})).toBe(false);
    expect(run('X <> 1', {})).toBeNull();
    expect(run('ISBLANK(X) && ISBLANK(TEXT(Y))', { X: '', Y: null })).toBe(true);
    expect(run('OR(X > 6, NOT(X >= 1))', { X: 0 })).toBe(true);
    expect(run('-X', { X: 2 })).toBe(-2);
  });

  it('knows new and changed records, prior values and permissions', () => {
    expect(run('ISNEW()')).toBe(true);
    expect(run('ISCHANGED(V)', { V: 2 }, { V: 1 })).toBe(true);
    expect(run('ISCHANGED(V)', { V: 1 }, { V: 1 })).toBe(false);
    expect(run('V <> PRIORVALUE(V) + 1', { V: 2 }, { V: 1 })).toBe(false);
    expect(run('V <> PRIORVALUE(V) + 1', { V: 3 }, { V: 1 })).toBe(true);
    expect(run('AND($Permission.Granted, NOT($Permission.Other), $User.Id = "005000000000001AAA")')).toBe(
      true
    );
  });

  it('has the text functions the rules use', () => {
    expect(run('REGEX(P, "^[0-9]{4}(-Q[1-4])?$")', { P: '2026-Q3' })).toBe(true);
    expect(run('REGEX(P, "[0-9]{4}")', { P: '2026-Q3' })).toBe(false);
    expect(run('ISPICKVAL(S, "Acknowledged")', { S: 'Acknowledged' })).toBe(true);
    expect(run('CASE(L, 1, "Chaos", 2, "Defined", "")', { L: 2 })).toBe('Defined');
    expect(run('CASE(L, 1, "Chaos", "none")', { L: 9 })).toBe('none');
    expect(run('CASESAFEID(I) & ":" & LEFT(CASESAFEID(I), 15)', { I: '001A0000006Vm9r' })).toBe(
      '001A0000006Vm9rIAC:001A0000006Vm9r'
    );
    expect(run('IF(LEN(T) > 2, BLANKVALUE(Z, "z"), "short")', { T: 'abc' })).toBe('z');
    expect(run('CONTAINS(T, "b") && BEGINS(T, "a")', { T: 'abc' })).toBe(true);
  });

  it('rejects formulas it does not understand with a clear message', () => {
    expect(() => parseFormula('AND(1, 2')).toThrow('expected ")"');
    expect(() => run('VLOOKUP(1)')).toThrow('unsupported function VLOOKUP');
    expect(() => run('$Organization.Id')).toThrow('unsupported global $Organization.Id');
    expect(() => run('NOT(1, 2)')).toThrow('NOT takes 1 argument');
  });
});

describe("the package's validation rules in the store", () => {
  /** The two tokens a new assessment is created with (docs/saving.md). */
  const NEW_TOKENS = { Save_Token__c: 't1', Previous_Save_Token__c: 't0' };
  const schema = loadSchema();
  const newStore = (permissions?: string[]) =>
    new Store(schema, { now: () => NOW, validationRules: true, permissions });

  function failure(fn: () => unknown): SfError {
    try {
      fn();
    } catch (e) {
      return e as SfError;
    }
    throw new Error('expected the save to fail');
  }

  it('compiles every active rule of the package', () => {
    expect(() => newStore()).not.toThrow();
    expect(schema.list().some((o) => o.validationRules.length > 0)).toBe(true);
  });

  it('rejects a stale assessment save (version not raised by one) and accepts the next version', () => {
    const store = newStore();
    const me = store.currentUserId;
    const id = store.create('Assessment__c', {
      Rep__c: me,
      Assessor__c: me,
      Type__c: 'Manager',
      Period__c: '2026-Q2',
      Status__c: 'Draft',
      ...NEW_TOKENS
    });
    const version = store.get('Assessment__c', id)!.Version__c as number;
    store.update('Assessment__c', id, {
      Scope_Rating__c: 'Meeting',
      Version__c: version + 1,
      Save_Token__c: 'second',
      Previous_Save_Token__c: 't1'
    });
    const stale = failure(() =>
      store.update('Assessment__c', id, {
        Scope_Rating__c: 'Exceeding',
        Version__c: version + 1,
        Save_Token__c: 'third',
        Previous_Save_Token__c: 't1'
      })
    );
    expect(stale.errors[0]).toMatchObject({
      errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      fields: ['Version__c']
    });
    expect(store.get('Assessment__c', id)!.Scope_Rating__c).toBe('Meeting');
  });

  it('checks the period key format and, without the sync permission, synced metrics', () => {
    const store = newStore([]);
    const me = store.currentUserId;
    const bad = failure(() =>
      store.create('Assessment__c', {
        Rep__c: me,
        Assessor__c: me,
        Type__c: 'Manager',
        Period__c: '2026-3',
        ...NEW_TOKENS
      })
    );
    expect(bad.errors[0].fields).toEqual(['Period__c']);
    const metrics = failure(() =>
      store.create('Assessment__c', {
        Rep__c: me,
        Assessor__c: me,
        Type__c: 'Manager',
        Period__c: '2026-Q3',
        Win_Rate__c: 40,
        ...NEW_TOKENS
      })
    );
    expect(metrics.errors[0].errorCode).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION');
  });

  it('is off unless asked for, and never applies to system writes', () => {
    const plain = new Store(schema, { now: () => NOW });
    const me = plain.currentUserId;
    expect(() =>
      plain.create('Sales_Quota__c', { User__c: me, Period__c: 'nope', Amount__c: -1, Key__c: 'x' })
    ).not.toThrow();
    const strict = newStore();
    expect(() =>
      strict.create(
        'Sales_Quota__c',
        { User__c: me, Period__c: 'nope', Amount__c: -1, Key__c: 'x' },
        { system: true }
      )
    ).not.toThrow();
  });

  it('acts as another user with runAs', () => {
    const store = newStore();
    const rep = store.create('User', { LastName: 'Rep', Username: 'rep@x.org', Email: 'rep@x.org' });
    const me = store.currentUserId;
    const id = store.create('Assessment__c', {
      Rep__c: rep,
      Assessor__c: me,
      Type__c: 'Manager',
      Period__c: '2026-Q2',
      Status__c: 'Draft',
      ...NEW_TOKENS
    });
    store.runAs(rep);
    const notAssessor = failure(() =>
      store.update('Assessment__c', id, {
        Status__c: 'Submitted',
        Version__c: 1,
        Save_Token__c: 't2',
        Previous_Save_Token__c: 't1'
      })
    );
    expect(notAssessor.errors[0].fields).toEqual(['Status__c']);
    expect(() => store.runAs('005000000000000ZZZ')).toThrow('runAs: no user');
  });
});

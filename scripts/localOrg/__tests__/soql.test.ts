/**
 * SOQL semantics as Salesforce documents them, evaluated against the store directly.
 */
import { runSoql } from '../soql';
import { SfError, type Store } from '../store';
import { fixtureStore } from './helpers';

function rows(store: Store, soql: string, includeDeleted = false): Record<string, unknown>[] {
  const plan = runSoql(store, soql, { includeDeleted });
  return plan.aggregate ? plan.aggregateRows : plan.rows.map(plan.project);
}

function strip(rs: Record<string, unknown>[]): Record<string, unknown>[] {
  return rs.map(({ attributes: _a, ...rest }) => rest);
}

function soqlError(store: Store, soql: string): SfError {
  try {
    runSoql(store, soql);
  } catch (e) {
    return e as SfError;
  }
  throw new Error('expected the query to fail');
}

function opp(store: Store, name: string, extra: Record<string, unknown>): string {
  return store.create('Opportunity', {
    Name: name,
    StageName: 'Prospecting',
    CloseDate: '2026-05-15',
    ...extra
  });
}

describe('aggregates', () => {
  let store: Store;
  let rep: string;
  beforeEach(() => {
    store = fixtureStore();
    rep = store.create('User', { LastName: 'Rep', Username: 'rep@x.org', Email: 'rep@x.org' });
    opp(store, 'A', { Amount: 100, OwnerId: rep, StageName: 'Closed Won' });
    opp(store, 'B', { Amount: 300, OwnerId: rep, StageName: 'Closed Lost' });
    opp(store, 'C', { Amount: null, OwnerId: rep });
    opp(store, 'D', { Amount: 50 });
  });

  it('names un-aliased aggregates expr0, expr1... and keeps aliases', () => {
    const [r] = strip(rows(store, 'SELECT COUNT(Id), SUM(Amount) total, MAX(Amount) FROM Opportunity'));
    expect(r).toEqual({ expr0: 4, total: 450, expr1: 300 });
  });

  it('ignores nulls in every aggregate except COUNT() and COUNT(Id)', () => {
    const [r] = strip(
      rows(
        store,
        'SELECT COUNT(Id), COUNT(Amount), AVG(Amount), MIN(Amount), COUNT_DISTINCT(Amount) FROM Opportunity'
      )
    );
    expect(r).toEqual({ expr0: 4, expr1: 3, expr2: 150, expr3: 50, expr4: 3 });
    expect(runSoql(store, 'SELECT COUNT() FROM Opportunity').count).toBe(4);
  });

  it('returns one row with zero counts and null sums when nothing matches', () => {
    const [r] = strip(rows(store, "SELECT COUNT(Id), SUM(Amount) FROM Opportunity WHERE Name = 'none'"));
    expect(r).toEqual({ expr0: 0, expr1: null });
  });

  it('groups, filters groups with HAVING and orders by an aggregate', () => {
    const rs = strip(
      rows(
        store,
        'SELECT OwnerId, COUNT(Id) n, SUM(Amount) FROM Opportunity GROUP BY OwnerId HAVING COUNT(Id) > 0 ORDER BY SUM(Amount) DESC'
      )
    );
    expect(rs).toEqual([
      { OwnerId: rep, n: 3, expr0: 400 },
      { OwnerId: store.currentUserId, n: 1, expr0: 50 }
    ]);
    const big = strip(
      rows(store, 'SELECT OwnerId, COUNT(Id) FROM Opportunity GROUP BY OwnerId HAVING COUNT(Id) > 1')
    );
    expect(big).toEqual([{ OwnerId: rep, expr0: 3 }]);
  });

  it('groups by a parent field and by a date function', () => {
    const byName = strip(
      rows(store, 'SELECT Owner.Name, COUNT(Id) FROM Opportunity GROUP BY Owner.Name ORDER BY Owner.Name')
    );
    expect(byName).toEqual([
      { Name: 'Local Admin', expr0: 1 },
      { Name: 'Rep', expr0: 3 }
    ]);
    const byYear = strip(
      rows(
        store,
        'SELECT CALENDAR_YEAR(CloseDate), COUNT(Id) FROM Opportunity GROUP BY CALENDAR_YEAR(CloseDate)'
      )
    );
    expect(byYear).toEqual([{ expr0: 2026, expr1: 4 }]);
  });

  it('rejects a selected field that is neither grouped nor aggregated', () => {
    expect(
      soqlError(store, 'SELECT Name, COUNT(Id) FROM Opportunity GROUP BY OwnerId').errors[0].errorCode
    ).toBe('MALFORMED_QUERY');
  });
});

describe('WHERE, ORDER BY, LIMIT and OFFSET', () => {
  let store: Store;
  beforeEach(() => {
    store = fixtureStore();
    opp(store, 'Acme big', { Amount: 500, StageName: 'Closed Won', CloseDate: '2026-01-10' });
    opp(store, 'acme small', { Amount: 5, StageName: 'Closed Lost', CloseDate: '2026-04-30' });
    opp(store, 'Globex', { Amount: null, StageName: 'Qualification', CloseDate: '2026-05-15' });
    opp(store, 'Initech 50%', { Amount: 50, StageName: 'Closed Won', CloseDate: '2025-12-31' });
  });
  const names = (soql: string) => rows(store, soql).map((r) => r.Name);

  it('compares text case-insensitively and supports LIKE wildcards and escapes', () => {
    expect(names("SELECT Name FROM Opportunity WHERE Name LIKE 'acme%' ORDER BY Name")).toEqual([
      'Acme big',
      'acme small'
    ]);
    expect(names("SELECT Name FROM Opportunity WHERE Name = 'GLOBEX'")).toEqual(['Globex']);
    expect(names("SELECT Name FROM Opportunity WHERE Name LIKE '%50\\%'")).toEqual(['Initech 50%']);
    expect(names("SELECT Name FROM Opportunity WHERE Name LIKE 'a_me%' ORDER BY Name")).toEqual([
      'Acme big',
      'acme small'
    ]);
  });

  it('combines AND, OR and NOT with parentheses', () => {
    expect(
      names(
        "SELECT Name FROM Opportunity WHERE (IsWon = true OR Amount < 10) AND NOT Name LIKE 'Init%' ORDER BY Name"
      )
    ).toEqual(['Acme big', 'acme small']);
    expect(names('SELECT Name FROM Opportunity WHERE NOT (IsClosed = true) ')).toEqual(['Globex']);
    // A NOT that opens a parenthesis of its own.
    expect(names('SELECT Name FROM Opportunity WHERE (NOT (IsClosed = true))')).toEqual(['Globex']);
    expect(
      names("SELECT Name FROM Opportunity WHERE Name = 'Globex' OR (NOT (IsWon = false)) ORDER BY Name")
    ).toEqual(['Acme big', 'Globex', 'Initech 50%']);
  });

  it('treats null like Salesforce: = null, != null, and != value includes nulls', () => {
    expect(names('SELECT Name FROM Opportunity WHERE Amount = null')).toEqual(['Globex']);
    expect(names('SELECT Name FROM Opportunity WHERE Amount != null')).toHaveLength(3);
    expect(names('SELECT Name FROM Opportunity WHERE Amount != 5 ORDER BY Name')).toEqual([
      'Acme big',
      'Globex',
      'Initech 50%'
    ]);
    expect(names('SELECT Name FROM Opportunity WHERE Amount < 100 ORDER BY Name')).toEqual([
      'acme small',
      'Initech 50%'
    ]);
  });

  it('supports IN and NOT IN lists and semi-joins', () => {
    expect(
      names("SELECT Name FROM Opportunity WHERE StageName IN ('Closed Won', 'Qualification') ORDER BY Name")
    ).toEqual(['Acme big', 'Globex', 'Initech 50%']);
    expect(
      names("SELECT Name FROM Opportunity WHERE StageName NOT IN ('Closed Won')  ORDER BY Name")
    ).toEqual(['acme small', 'Globex']);
    expect(
      names('SELECT Name FROM User WHERE Id IN (SELECT OwnerId FROM Opportunity WHERE IsWon = true)')
    ).toEqual(['Local Admin']);
  });

  it('sorts nulls first ascending and last descending unless told, then applies OFFSET and LIMIT', () => {
    expect(names('SELECT Name FROM Opportunity ORDER BY Amount')).toEqual([
      'Globex',
      'acme small',
      'Initech 50%',
      'Acme big'
    ]);
    expect(names('SELECT Name FROM Opportunity ORDER BY Amount DESC')).toEqual([
      'Acme big',
      'Initech 50%',
      'acme small',
      'Globex'
    ]);
    expect(names('SELECT Name FROM Opportunity ORDER BY Amount ASC NULLS LAST LIMIT 2 OFFSET 1')).toEqual([
      'Initech 50%',
      'Acme big'
    ]);
  });

  it('compares dates and datetimes, including a date against a datetime field', () => {
    expect(
      names(
        'SELECT Name FROM Opportunity WHERE CloseDate >= 2026-01-01 AND CloseDate < 2026-05-01 ORDER BY Name'
      )
    ).toEqual(['Acme big', 'acme small']);
    expect(names('SELECT Name FROM Opportunity WHERE CreatedDate > 2026-05-15T11:00:00Z')).toHaveLength(4);
    expect(names('SELECT Name FROM Opportunity WHERE CreatedDate > 2026-05-15T13:00:00+01:00')).toHaveLength(
      0
    );
  });

  it('answers unknown fields and objects with Salesforce error codes', () => {
    expect(soqlError(store, 'SELECT Nope__c FROM Opportunity').errors[0].errorCode).toBe('INVALID_FIELD');
    expect(soqlError(store, 'SELECT Id FROM Nope__c').errors[0].errorCode).toBe('INVALID_TYPE');
    expect(soqlError(store, 'SELEKT Id FROM Opportunity').errors[0].errorCode).toBe('MALFORMED_QUERY');
    expect(soqlError(store, 'SELECT Bogus__r.Name FROM Opportunity').errors[0].errorCode).toBe(
      'INVALID_FIELD'
    );
  });
});

describe('date literals', () => {
  const closeDates = [
    '2025-12-31',
    '2026-01-31',
    '2026-02-01',
    '2026-03-31',
    '2026-04-01',
    '2026-04-30',
    '2026-05-01',
    '2026-05-14',
    '2026-05-15',
    '2026-05-16',
    '2026-07-31',
    '2026-08-01',
    '2027-01-31',
    '2027-02-01'
  ];
  function withDates(fiscalStart: number): Store {
    const store = fixtureStore(fiscalStart);
    for (const d of closeDates) opp(store, d, { CloseDate: d });
    return store;
  }
  const dates = (store: Store, where: string) =>
    rows(store, `SELECT Name FROM Opportunity WHERE ${where} ORDER BY CloseDate`).map((r) => r.Name);

  it('resolves day, month and quarter ranges relative to today (15 May 2026)', () => {
    const store = withDates(1);
    expect(dates(store, 'CloseDate = TODAY')).toEqual(['2026-05-15']);
    expect(dates(store, 'CloseDate = YESTERDAY')).toEqual(['2026-05-14']);
    expect(dates(store, 'CloseDate = TOMORROW')).toEqual(['2026-05-16']);
    expect(dates(store, 'CloseDate = THIS_MONTH')).toEqual([
      '2026-05-01',
      '2026-05-14',
      '2026-05-15',
      '2026-05-16'
    ]);
    expect(dates(store, 'CloseDate = LAST_N_DAYS:1')).toEqual(['2026-05-14', '2026-05-15']);
    expect(dates(store, 'CloseDate = NEXT_N_DAYS:1')).toEqual(['2026-05-16']);
    expect(dates(store, 'CloseDate = THIS_QUARTER')).toEqual([
      '2026-04-01',
      '2026-04-30',
      '2026-05-01',
      '2026-05-14',
      '2026-05-15',
      '2026-05-16'
    ]);
    expect(dates(store, 'CloseDate = LAST_QUARTER')).toEqual(['2026-01-31', '2026-02-01', '2026-03-31']);
    expect(dates(store, 'CloseDate < THIS_YEAR')).toEqual(['2025-12-31']);
    expect(dates(store, 'CloseDate > THIS_QUARTER')).toEqual([
      '2026-07-31',
      '2026-08-01',
      '2027-01-31',
      '2027-02-01'
    ]);
  });

  it('uses calendar quarters for fiscal literals when the fiscal year starts in January', () => {
    const store = withDates(1);
    expect(dates(store, 'CloseDate = THIS_FISCAL_QUARTER')).toEqual(dates(store, 'CloseDate = THIS_QUARTER'));
    expect(dates(store, 'CloseDate = THIS_FISCAL_YEAR')).toEqual(dates(store, 'CloseDate = THIS_YEAR'));
  });

  it('honours a fiscal year that starts in February', () => {
    const store = withDates(2);
    // fiscal quarters: Feb-Apr, May-Jul, Aug-Oct, Nov-Jan; today is in May-Jul
    expect(dates(store, 'CloseDate = THIS_FISCAL_QUARTER')).toEqual([
      '2026-05-01',
      '2026-05-14',
      '2026-05-15',
      '2026-05-16',
      '2026-07-31'
    ]);
    expect(dates(store, 'CloseDate = LAST_FISCAL_QUARTER')).toEqual([
      '2026-02-01',
      '2026-03-31',
      '2026-04-01',
      '2026-04-30'
    ]);
    expect(dates(store, 'CloseDate = NEXT_FISCAL_QUARTER')).toEqual(['2026-08-01']);
    expect(dates(store, 'CloseDate = THIS_FISCAL_YEAR')).toEqual(closeDates.slice(2, 13));
    expect(dates(store, 'CloseDate = LAST_FISCAL_YEAR')).toEqual(['2025-12-31', '2026-01-31']);
    expect(dates(store, 'CloseDate = LAST_N_FISCAL_QUARTERS:2')).toEqual([
      '2025-12-31',
      '2026-01-31',
      '2026-02-01',
      '2026-03-31',
      '2026-04-01',
      '2026-04-30'
    ]);
    // FY starting Feb 2026 is named by its ending year, 2027
    expect(dates(store, 'FISCAL_YEAR(CloseDate) = 2027 AND FISCAL_QUARTER(CloseDate) = 1')).toEqual([
      '2026-02-01',
      '2026-03-31',
      '2026-04-01',
      '2026-04-30'
    ]);
    store.setOrganization({ UsesStartDateAsFiscalYearName: true });
    expect(dates(store, 'FISCAL_YEAR(CloseDate) = 2026 AND FISCAL_QUARTER(CloseDate) = 4')).toEqual([
      '2027-01-31'
    ]);
  });

  it('applies date literals to datetime fields as UTC day boundaries', () => {
    const store = withDates(1);
    expect(rows(store, 'SELECT Id FROM Opportunity WHERE CreatedDate = TODAY')).toHaveLength(
      closeDates.length
    );
    expect(rows(store, 'SELECT Id FROM Opportunity WHERE CreatedDate = YESTERDAY')).toHaveLength(0);
  });

  it('rejects an unknown date literal', () => {
    expect(
      soqlError(withDates(1), 'SELECT Id FROM Opportunity WHERE CloseDate = LAST_N_FORTNIGHTS:2').errors[0]
        .errorCode
    ).toBe('MALFORMED_QUERY');
  });
});

describe('relationships, roll-ups and queryAll', () => {
  let store: Store;
  let parentId: string;
  beforeEach(() => {
    store = fixtureStore();
    parentId = store.create('Parent__c', { Name: 'P1', Key__c: 'p1', Score__c: 2.5 });
    store.create('Parent__c', { Name: 'P2', Key__c: 'p2' });
    store.create('Child__c', {
      Parent__c: parentId,
      Short__c: 'a',
      Amount__c: 10,
      Level__c: '3',
      Due__c: '2026-01-02'
    });
    store.create('Child__c', {
      Parent__c: parentId,
      Short__c: 'b',
      Amount__c: 5.5,
      Level__c: '1',
      Due__c: '2026-03-04'
    });
    store.create('Child__c', { Parent__c: parentId, Short__c: 'c', Amount__c: null, Level__c: '4' });
  });

  it('computes roll-up summaries (COUNT with and without a filter, SUM, MAX) on read', () => {
    const [p] = strip(
      rows(
        store,
        "SELECT Child_Count__c, High_Count__c, Total__c, Latest_Due__c, Doubled__c FROM Parent__c WHERE Key__c = 'p1'"
      )
    );
    expect(p).toEqual({
      Child_Count__c: 3,
      High_Count__c: 2,
      Total__c: 15.5,
      Latest_Due__c: '2026-03-04',
      Doubled__c: null
    });
    const [p2] = strip(rows(store, "SELECT Child_Count__c, Total__c FROM Parent__c WHERE Key__c = 'p2'"));
    expect(p2).toEqual({ Child_Count__c: 0, Total__c: 0 });
    expect(rows(store, 'SELECT Name FROM Parent__c WHERE Child_Count__c > 0').map((r) => r.Name)).toEqual([
      'P1'
    ]);
  });

  it('nests parent fields and child subqueries the way REST returns them', () => {
    const [c] = rows(
      store,
      "SELECT Short__c, Parent__r.Key__c, Parent__r.Owner.Name FROM Child__c WHERE Short__c = 'a'"
    );
    expect(c.Parent__r).toEqual({
      attributes: { type: 'Parent__c', url: `/services/data/v66.0/sobjects/Parent__c/${parentId}` },
      Key__c: 'p1',
      Owner: expect.objectContaining({ Name: 'Local Admin' })
    });
    const parents = rows(
      store,
      'SELECT Key__c, (SELECT Short__c FROM Children__r ORDER BY Short__c DESC LIMIT 2) FROM Parent__c ORDER BY Key__c'
    );
    expect(
      (parents[0].Children__r as { totalSize: number; records: { Short__c: string }[] }).records.map(
        (r) => r.Short__c
      )
    ).toEqual(['c', 'b']);
    expect(parents[1].Children__r).toBeNull();
    const [noDeal] = rows(store, "SELECT Deal__r.Name FROM Child__c WHERE Short__c = 'a'");
    expect(noDeal.Deal__r).toBeNull();
  });

  it('filters on parent fields and on multi-select picklists with INCLUDES', () => {
    const kid = store.create('Child__c', { Parent__c: parentId, Short__c: 'm', Tags__c: 'a;c' });
    expect(rows(store, "SELECT Id FROM Child__c WHERE Parent__r.Key__c = 'p1'")).toHaveLength(4);
    expect(rows(store, "SELECT Id FROM Child__c WHERE Tags__c INCLUDES ('c;a')").map((r) => r.Id)).toEqual([
      kid
    ]);
    expect(rows(store, "SELECT Id FROM Child__c WHERE Tags__c INCLUDES ('b', 'a')").map((r) => r.Id)).toEqual(
      [kid]
    );
    expect(rows(store, "SELECT Id FROM Child__c WHERE Tags__c EXCLUDES ('a')")).toHaveLength(3);
  });

  it('hides deleted records from query but not from queryAll, and cascades master-detail deletes', () => {
    store.delete('Parent__c', parentId);
    expect(rows(store, 'SELECT Id FROM Child__c')).toHaveLength(0);
    expect(rows(store, 'SELECT Id, IsDeleted FROM Child__c', true).map((r) => r.IsDeleted)).toEqual([
      true,
      true,
      true
    ]);
    expect(rows(store, 'SELECT Id FROM Parent__c WHERE IsDeleted = true', true)).toHaveLength(1);
  });
});

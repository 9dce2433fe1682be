/**
 * The UI API GraphQL schema built from the package metadata: the components' queries validate against
 * it, broken ones do not, and fields get the UI API value, filter and relationship types.
 */
import * as path from 'node:path';
import {
  isInputObjectType,
  isObjectType,
  isUnionType,
  parse,
  validate,
  type GraphQLInputObjectType,
  type GraphQLObjectType
} from 'graphql';
import { checkGraphQL, findQueries } from '../../../validate/checks/graphqlQueries';
import { loadProject } from '../../../validate/project';
import { buildGraphQLSchema } from '../../../uiapi/schema';

const ROOT = path.resolve(__dirname, '../../../..');
const schema = buildGraphQLSchema(ROOT);
const model = loadProject(ROOT);

function object(name: string): GraphQLObjectType {
  const t = schema.getType(name);
  if (!isObjectType(t)) throw new Error(`${name} is not an object type`);
  return t;
}

function input(name: string): GraphQLInputObjectType {
  const t = schema.getType(name);
  if (!isInputObjectType(t)) throw new Error(`${name} is not an input type`);
  return t;
}

const errorsOf = (query: string): string[] => validate(schema, parse(query)).map((e) => e.message);

describe('component queries', () => {
  it('validates the modelOverview query against the generated schema', () => {
    const found = findQueries(model).filter((q) =>
      q.file.endsWith(path.join('modelOverview', 'modelOverview.ts'))
    );
    expect(found).toHaveLength(1);
    expect(found[0].source).toContain('Competency_Dimension__c(first: 50');
    expect(errorsOf(found[0].source)).toEqual([]);
  });

  it('reports no GraphQL issue in any component when the validator uses this schema', () => {
    expect(checkGraphQL(model, () => schema)).toEqual([]);
  });

  it('rejects the same query with a misspelt field, a bare value field or a wrong argument type', () => {
    const found = findQueries(model).find((q) => q.file.includes('modelOverview'));
    const source = found?.source ?? '';
    expect(errorsOf(source.replace('Description__c {', 'Descriptoin__c {'))).toEqual([
      expect.stringContaining('Cannot query field "Descriptoin__c" on type "Competency_Dimension__c"')
    ]);
    expect(errorsOf('{ uiapi { query { Competency__c { edges { node { Name } } } } } }')).toEqual([
      expect.stringContaining('must have a selection of subfields')
    ]);
    expect(errorsOf('{ uiapi { query { Competency__c(first: "ten") { totalCount } } } }')).toEqual([
      expect.stringContaining('Int cannot represent non-integer value')
    ]);
  });
});

describe('types', () => {
  it('maps each field to its UI API value type and keeps Id bare', () => {
    const a = object('Assessment__c').getFields();
    expect(String(a.Id.type)).toBe('ID!');
    expect(String(a.Name.type)).toBe('StringValue');
    expect(String(a.Quota_Attainment__c.type)).toBe('PercentValue');
    expect(String(a.Overall_Score__c.type)).toBe('DoubleValue');
    expect(String(a.In_Ramp__c.type)).toBe('BooleanValue');
    expect(String(a.Metrics_Synced_At__c.type)).toBe('DateTimeValue');
    expect(String(a.Status__c.type)).toBe('PicklistValue');
    expect(String(a.Override_Reason__c.type)).toBe('LongTextAreaValue');
    expect(String(a.Rep__c.type)).toBe('IDValue');
    expect(String(a.Rep__r.type)).toBe('User');
    expect(String(a.Behavior_Ratings__r.type)).toBe('Behavior_Rating__cConnection');
    expect(String(object('Opportunity').getFields().CloseDate.type)).toBe('DateValue');
    expect(String(object('Opportunity').getFields().Amount.type)).toBe('CurrencyValue');
    expect(Object.keys(object('PicklistValue').getFields()).sort()).toEqual([
      'displayValue',
      'label',
      'value'
    ]);
  });

  it('makes Owner a union that needs an inline fragment', () => {
    const owner = object('Assessment__c').getFields().Owner.type;
    expect(isUnionType(owner) && owner.getTypes().map(String)).toEqual(['User']);
    expect(
      errorsOf(
        '{ uiapi { query { Account { edges { node { Owner { ... on User { Name { value } } } } } } } } }'
      )
    ).toEqual([]);
    expect(
      errorsOf('{ uiapi { query { Account { edges { node { Owner { Name { value } } } } } } } }')
    ).toHaveLength(1);
  });

  it('builds typed filter inputs with nested parent filters and no long text', () => {
    const f = input('Behavior_Rating__c_Filter').getFields();
    expect(String(f.Rating__c.type)).toBe('PicklistOperators');
    expect(String(f.Assessment__r.type)).toBe('Assessment__c_Filter');
    expect(String(f.and.type)).toBe('[Behavior_Rating__c_Filter]');
    expect(f.Evidence__c).toBeUndefined();
    const opp = input('Opportunity_Filter').getFields();
    expect([opp.Amount, opp.Probability, opp.CloseDate, opp.Id, opp.Name].map((x) => String(x.type))).toEqual(
      ['CurrencyOperators', 'PercentOperators', 'DateOperators', 'IDOperators', 'StringOperators']
    );
    expect(
      errorsOf(
        'query Q($min: Currency, $id: ID) { uiapi { query { Opportunity(where: { Amount: { gt: $min }, Id: { ne: $id } }) { totalCount } } } }'
      )
    ).toEqual([]);
    expect(Object.keys(input('DateOperators').getFields())).toEqual([
      'eq',
      'ne',
      'lt',
      'gt',
      'lte',
      'gte',
      'in',
      'nin'
    ]);
    expect(Object.keys(input('DateInput').getFields())).toEqual(['value', 'literal', 'range']);
    expect(String(input('Assessment__c_Filter').getFields().Owner.type)).toBe('Assessment__c_Owner_Filters');
  });

  it('offers create, update and delete for writable objects with typed representations', () => {
    const mutations = object('UIAPIMutations').getFields();
    expect(mutations.Assessment__cCreate).toBeDefined();
    expect(mutations.Assessment__cUpdate).toBeDefined();
    expect(mutations.Assessment__cDelete).toBeDefined();
    expect(mutations.OrganizationCreate).toBeUndefined();
    const rep = input('Assessment__cCreateRepresentation').getFields();
    expect(String(rep.Rep__c.type)).toBe('IdOrRef');
    expect(String(rep.Quota_Attainment__c.type)).toBe('Percent');
    expect(rep.Name).toBeUndefined(); // auto number
    expect(rep.Rating_Count__c).toBeUndefined(); // roll-up
  });
});

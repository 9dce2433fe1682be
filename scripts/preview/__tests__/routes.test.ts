/** Lightning URLs and page references both ways, and the FlexiPage template layouts. */
import { parseUrl, urlFor } from '../modules/preview/routes/routes';
import { layout } from '../modules/preview/flexipage/templates';
import { instanceProps, typedValue } from '../modules/preview/instance/props';

describe('urlFor and parseUrl', () => {
  const cases: [Parameters<typeof urlFor>[0], string][] = [
    [{ type: 'standard__namedPage', attributes: { pageName: 'home' } }, '/lightning/page/home'],
    [{ type: 'standard__navItemPage', attributes: { apiName: 'Team' } }, '/lightning/n/Team'],
    [
      { type: 'standard__objectPage', attributes: { objectApiName: 'Assessment__c', actionName: 'home' } },
      '/lightning/o/Assessment__c/home'
    ],
    [
      {
        type: 'standard__recordPage',
        attributes: { objectApiName: 'User', recordId: '005000000000001AAA', actionName: 'view' }
      },
      '/lightning/r/User/005000000000001AAA/view'
    ],
    [
      {
        type: 'standard__component',
        attributes: { componentName: 'c__modelOverview' },
        state: { c__size: '3' }
      },
      '/lightning/cmp/c__modelOverview?c__size=3'
    ]
  ];
  it.each(cases)('maps %j to %s and back', (ref, url) => {
    expect(urlFor(ref)).toBe(url);
    expect(parseUrl(url)).toEqual(ref);
  });

  it('fills in the object of a record id and drops the persona parameter', () => {
    expect(urlFor({ type: 'standard__recordPage', attributes: { recordId: '006000000000001AAA' } })).toBe(
      '/lightning/r/Opportunity/006000000000001AAA/view'
    );
    expect(parseUrl('/lightning/r/005000000000001AAA/view?persona=rep')).toEqual({
      type: 'standard__recordPage',
      attributes: { objectApiName: 'User', recordId: '005000000000001AAA', actionName: 'view' }
    });
  });

  it('refuses what it cannot open, naming the missing part', () => {
    expect(() => urlFor({ type: 'standard__navItemPage', attributes: {} })).toThrow(
      'A standard__navItemPage page reference needs attributes.apiName'
    );
    expect(() => urlFor({ type: 'comm__namedPage', attributes: { name: 'x' } })).toThrow(
      'The preview cannot navigate to a page reference of type comm__namedPage'
    );
    expect(parseUrl('/setup/home')).toBeUndefined();
    expect(parseUrl('/lightning/x/y')).toBeUndefined();
  });
});

describe('layout', () => {
  it('places the regions of a record page in its template and drops empty columns', () => {
    const { rows, unknownTemplate } = layout('flexipage:recordHomeTemplateDesktop', ['header', 'main']);
    expect(unknownTemplate).toBe(false);
    expect(rows.map((r) => r.columns.map((c) => [c.className, c.regions]))).toEqual([
      [['slds-col slds-size_1-of-1 slds-large-size_12-of-12', ['header']]],
      [
        ['slds-col slds-size_1-of-1 slds-large-size_8-of-12', ['main']],
        ['slds-col slds-size_1-of-1 slds-large-size_4-of-12', []]
      ]
    ]);
  });

  it('stacks the regions of an unknown template and says so', () => {
    const { rows, unknownTemplate } = layout('flexipage:somethingNew', ['a', 'b']);
    expect(unknownTemplate).toBe(true);
    expect(rows.map((r) => r.columns[0].regions)).toEqual([['a'], ['b']]);
  });
});

describe('instance properties', () => {
  const meta = {
    bundle: 'widgetCard',
    tag: 'c-widget-card',
    label: 'Widget Card',
    targets: [],
    properties: { size: { type: 'Integer', default: '2' }, compact: { type: 'Boolean' } }
  };

  it('types page properties by the bundle metadata and adds the record context it declares', () => {
    expect(
      instanceProps({ compact: 'true' }, meta, ['size', 'compact', 'recordId'], {
        recordId: '005x',
        objectApiName: 'User'
      })
    ).toEqual({
      size: 2,
      compact: true,
      recordId: '005x'
    });
  });

  it('refuses a property the component does not make public, and values of the wrong type', () => {
    expect(() => instanceProps({ colour: 'red' }, meta, ['size'], {})).toThrow(
      'The page sets colour, which is not an @api property of widgetCard'
    );
    expect(() => typedValue('2.5', 'Integer')).toThrow('"2.5" is not an Integer');
    expect(() => typedValue('yes', 'Boolean')).toThrow('"yes" is not a Boolean');
    expect(typedValue('x', 'String')).toBe('x');
  });
});

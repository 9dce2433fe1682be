import { AGENDA_MIN_GAP, selfManagerAgenda } from '../agenda';
import { ScoringInputError } from '../core';

const behaviors = [
  { id: 'a', name: 'Asks open questions' },
  { id: 'b', name: 'Confirms next steps' },
  { id: 'c', name: 'Maps the buying group' },
  { id: 'd', name: 'Quantifies the problem' },
  { id: 'e', name: 'Keeps the CRM current' }
];

describe('selfManagerAgenda', () => {
  it('lists gaps of two points or more first, the largest first, then the rest in model order', () => {
    const agenda = selfManagerAgenda(
      behaviors,
      { a: '5', b: '3', c: '4', d: '1', e: 'N/A' },
      { a: '3', b: '3', c: '1', d: '4', e: '2' }
    );
    expect(agenda.discuss.map((i) => [i.id, i.difference])).toEqual([
      ['c', 3],
      ['d', -3],
      ['a', 2]
    ]);
    expect(agenda.others.map((i) => [i.id, i.difference])).toEqual([
      ['b', 0],
      ['e', null]
    ]);
    expect(AGENDA_MIN_GAP).toBe(2);
  });

  it('keeps a difference of one off the agenda and treats unrated and N/A as no comparison', () => {
    const agenda = selfManagerAgenda(behaviors, { a: '4', b: null, c: 'N/A' }, { a: '3', b: '5', c: '1' });
    expect(agenda.discuss).toEqual([]);
    expect(agenda.others.map((i) => [i.id, i.self, i.manager, i.difference])).toEqual([
      ['a', '4', '3', 1],
      ['b', null, '5', null],
      ['c', 'N/A', '1', null],
      ['d', null, null, null],
      ['e', null, null, null]
    ]);
  });

  it('refuses a value that is not a rating, naming the behaviour', () => {
    expect(() => selfManagerAgenda(behaviors, { a: '7' as never }, {})).toThrow(ScoringInputError);
    expect(() => selfManagerAgenda(behaviors, {}, { b: '0' as never })).toThrow(
      'manager rating of Confirms next steps: 0 is not a rating'
    );
  });
});

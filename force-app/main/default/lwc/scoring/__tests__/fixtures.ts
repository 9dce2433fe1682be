/**
 * Test fixtures shared by the scoring tests: the five default performance bands of the product
 * brief, built here as data (the library itself holds no bands).
 */
import type { PerformanceBand } from '../scoring';

/** The default Performance_Band__c records as plain objects. */
export function defaultBands(): PerformanceBand[] {
  return [
    {
      name: 'Distinguished',
      score: 1,
      minAttainment: 130,
      maxAttainment: null,
      requiresBothExceeding: true,
      fallbackScore: 2
    },
    {
      name: 'Superior',
      score: 2,
      minAttainment: 111,
      maxAttainment: 130,
      requiresBothExceeding: false,
      fallbackScore: null
    },
    {
      name: 'High Bar',
      score: 3,
      minAttainment: 80,
      maxAttainment: 111,
      requiresBothExceeding: false,
      fallbackScore: null
    },
    {
      name: 'Partial',
      score: 4,
      minAttainment: 40,
      maxAttainment: 80,
      requiresBothExceeding: false,
      fallbackScore: null
    },
    {
      name: 'Unsuccessful',
      score: 5,
      minAttainment: null,
      maxAttainment: 40,
      requiresBothExceeding: false,
      fallbackScore: null
    }
  ];
}

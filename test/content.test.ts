/**
 * Checks the default content in data/ against the product's rules: counts, shapes, keys, the
 * score bands, and that no run of words is copied from the source documents (checked against
 * their fingerprints, so it runs without them).
 */
import { readPlans, planFiles, DATA_DIR, type PlanRecord } from '../scripts/data/plan';
import { RUN_WORDS, fingerprint, runsOf, storedFingerprints } from './support/sourceRuns';

const records = readPlans();
const byType = (sobject: string): PlanRecord[] => records.filter((r) => r.sobject === sobject);
const parentKey = (r: PlanRecord, field: string): string | undefined =>
  r.parents.find((p) => p.field === field)?.key;
const text = (r: PlanRecord, field: string): string => {
  const v = r.fields[field];
  return typeof v === 'string' ? v.trim() : '';
};

const STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won'
];
const ROLES = ['SDR', 'Account Executive', 'Account Manager'];

describe('plan files', () => {
  it('ships the five plans', () => {
    expect(planFiles().map((p) => p.slice(DATA_DIR.length + 1))).toEqual([
      'career-levels-plan.json',
      'competency-model-plan.json',
      'maturity-plan.json',
      'performance-bands-plan.json',
      'strategy-plan.json'
    ]);
  });

  it('gives every record a unique, readable key', () => {
    const keys = records.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^[a-z][a-z0-9.-]*$/);
    for (const k of keys) expect(k.length).toBeLessThanOrEqual(80);
  });
});

describe('competency model', () => {
  const dims = byType('Competency_Dimension__c');
  const comps = byType('Competency__c');
  const behaviours = byType('Job_Behavior__c');
  const mapping = byType('Role_Competency__c');

  it('has at least 5 dimensions and 14 competencies, each competency in a dimension', () => {
    expect(dims.length).toBeGreaterThanOrEqual(5);
    expect(comps.length).toBeGreaterThanOrEqual(14);
    const dimKeys = new Set(dims.map((d) => d.key));
    for (const c of comps) expect(dimKeys.has(parentKey(c, 'Dimension__c') ?? '')).toBe(true);
    for (const c of [...dims, ...comps]) expect(text(c, 'Description__c')).not.toBe('');
    for (const d of dims) expect(comps.some((c) => parentKey(c, 'Dimension__c') === d.key)).toBe(true);
  });

  it('gives every competency 4 to 7 behaviours', () => {
    for (const c of comps) {
      const n = behaviours.filter((b) => parentKey(b, 'Competency__c') === c.key).length;
      expect({ competency: c.key, behaviours: n >= 4 && n <= 7 }).toEqual({
        competency: c.key,
        behaviours: true
      });
    }
  });

  it('gives every behaviour a title, a statement of at most 255 characters and valid stages', () => {
    for (const b of behaviours) {
      expect(text(b, 'Name')).not.toBe('');
      expect(text(b, 'Statement__c').length).toBeGreaterThan(20);
      expect(text(b, 'Statement__c').length).toBeLessThanOrEqual(255);
      const stages = text(b, 'Stages__c').split(';');
      expect(stages.length).toBeGreaterThanOrEqual(1);
      for (const s of stages)
        expect({ behaviour: b.key, stage: s, valid: STAGES.includes(s) }).toMatchObject({ valid: true });
    }
  });

  it('maps every role to all core competencies and 5-6 role-specific ones, each with a weight > 0', () => {
    const scope = new Map(comps.map((c) => [c.key, c.fields.Scope__c]));
    const core = comps.filter((c) => c.fields.Scope__c === 'Core').map((c) => c.key);
    expect(core.length).toBeGreaterThan(0);
    for (const c of comps) expect(['Core', 'Role-specific']).toContain(c.fields.Scope__c);
    for (const role of ROLES) {
      const rows = mapping.filter((m) => m.fields.Sales_Role__c === role);
      const used = rows.map((m) => parentKey(m, 'Competency__c') ?? '');
      expect(new Set(used).size).toBe(used.length);
      expect(used).toEqual(expect.arrayContaining(core));
      const specific = used.filter((k) => scope.get(k) === 'Role-specific');
      expect({ role, specific: specific.length >= 5 && specific.length <= 6 }).toEqual({
        role,
        specific: true
      });
      for (const m of rows) {
        const w = m.fields.Weight__c;
        expect(typeof w === 'number' && w > 0 && w < 100).toBe(true);
      }
    }
    for (const m of mapping) expect(ROLES).toContain(m.fields.Sales_Role__c);
    // every competency is used by at least one role
    const usedAnywhere = new Set(mapping.map((m) => parentKey(m, 'Competency__c')));
    for (const c of comps) expect(usedAnywhere.has(c.key)).toBe(true);
  });
});

describe('career levels', () => {
  const levels = byType('Career_Level__c');
  const TEXTS = ['Scope_Meeting__c', 'Scope_Exceeding__c', 'Impact_Meeting__c', 'Impact_Exceeding__c'];

  it('has the Account Executive track L1-L6 with titles and four expectation texts', () => {
    const ae = levels.filter((l) => l.fields.Track__c === 'Account Executive');
    expect(ae.map((l) => l.fields.Level__c).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const l of ae) expect(l.key).toBe(`ae.l${Number(l.fields.Level__c)}`);
  });

  it('gives every level a title and four distinct, non-empty texts, and raises proficiency with level', () => {
    for (const track of new Set(levels.map((l) => l.fields.Track__c))) {
      expect(ROLES).toContain(track);
      const rows = levels
        .filter((l) => l.fields.Track__c === track)
        .sort((a, b) => Number(a.fields.Level__c) - Number(b.fields.Level__c));
      rows.forEach((l, i) => {
        expect(l.fields.Level__c).toBe(i + 1);
        expect(text(l, 'Title__c')).not.toBe('');
        const texts = TEXTS.map((f) => text(l, f));
        for (const t of texts) expect(t.length).toBeGreaterThan(40);
        expect(new Set(texts).size).toBe(4);
        const p = Number(l.fields.Expected_Proficiency__c);
        expect(p).toBeGreaterThanOrEqual(1);
        expect(p).toBeLessThanOrEqual(5);
        if (i > 0) expect(p).toBeGreaterThan(Number(rows[i - 1].fields.Expected_Proficiency__c));
      });
    }
  });
});

describe('performance bands', () => {
  const bands = byType('Performance_Band__c').sort(
    (a, b) => Number(a.fields.Score__c) - Number(b.fields.Score__c)
  );
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

  it('has scores 1..5 with the documented bounds', () => {
    expect(
      bands.map((b) => [b.fields.Score__c, num(b.fields.Min_Attainment__c), num(b.fields.Max_Attainment__c)])
    ).toEqual([
      [1, 130, null],
      [2, 111, 130],
      [3, 80, 111],
      [4, 40, 80],
      [5, null, 40]
    ]);
    expect(bands.map((b) => b.fields.Requires_Both_Exceeding__c === true)).toEqual([
      true,
      false,
      false,
      false,
      false
    ]);
    expect(bands[0].fields.Fallback_Score__c).toBe(2);
  });

  it('covers every attainment exactly once (contiguous, non-overlapping)', () => {
    // Walk from the top band down: each band's floor must be the next band's ceiling.
    for (let i = 0; i < bands.length - 1; i++) {
      expect(num(bands[i].fields.Min_Attainment__c)).toBe(num(bands[i + 1].fields.Max_Attainment__c));
    }
    expect(num(bands[0].fields.Max_Attainment__c)).toBeNull();
    expect(num(bands[bands.length - 1].fields.Min_Attainment__c)).toBeNull();
    for (const pct of [0, 39.99, 40, 79.99, 80, 110.99, 111, 129.99, 130, 250]) {
      const hits = bands.filter((b) => {
        const min = num(b.fields.Min_Attainment__c);
        const max = num(b.fields.Max_Attainment__c);
        return (min === null || pct >= min) && (max === null || pct < max);
      });
      expect({ pct, bands: hits.length }).toEqual({ pct, bands: 1 });
    }
  });
});

describe('maturity rubric', () => {
  it('describes 7 dimensions at 5 named levels', () => {
    const dims = byType('Maturity_Dimension__c');
    const descriptors = byType('Maturity_Level_Descriptor__c');
    const names = ['Chaos', 'Defined', 'Reportable', 'Manageable', 'Predictable'];
    expect(dims).toHaveLength(7);
    expect(descriptors).toHaveLength(35);
    for (const d of dims) {
      const rows = descriptors
        .filter((x) => parentKey(x, 'Maturity_Dimension__c') === d.key)
        .sort((a, b) => Number(a.fields.Level__c) - Number(b.fields.Level__c));
      expect(rows.map((r) => [r.fields.Level__c, r.fields.Level_Name__c])).toEqual(
        names.map((n, i) => [i + 1, n])
      );
      for (const r of rows) expect(text(r, 'Descriptor__c').length).toBeGreaterThan(40);
    }
  });
});

describe('sales strategy', () => {
  const areas = byType('Strategy_Area__c');
  const starters = byType('Thought_Starter__c');

  it('has the 14 areas in their 3 groups', () => {
    const grouped = (g: string): string[] =>
      areas.filter((a) => a.fields.Group__c === g).map((a) => text(a, 'Name'));
    expect(grouped('Sales Planning')).toEqual(['Revenue Plan', 'Accounts', 'Buyers']);
    expect(grouped('Execution')).toEqual([
      'Prospecting',
      'Opportunity Management',
      'Account Management',
      'Coverage Plan',
      'Partner Strategy',
      'Organisational Design and Talent',
      'Territory Design',
      'Compensation and Quota'
    ]);
    expect(grouped('Sales Support')).toEqual(['Revenue Operations', 'Enablement', 'Tech Stack']);
    expect(areas).toHaveLength(14);
  });

  it('gives every area a description, a benefit, deliverables and at least 8 statements with a polarity', () => {
    for (const a of areas) {
      expect(text(a, 'Description__c')).not.toBe('');
      expect(text(a, 'Benefit__c')).not.toBe('');
      expect(text(a, 'Deliverables__c').split('\n').length).toBeGreaterThanOrEqual(3);
      const mine = starters.filter((s) => parentKey(s, 'Strategy_Area__c') === a.key);
      expect({ area: a.key, enough: mine.length >= 8 }).toEqual({ area: a.key, enough: true });
      for (const s of mine) {
        expect(['Positive', 'Reverse', 'Context']).toContain(s.fields.Polarity__c);
        expect(text(s, 'Statement__c').length).toBeLessThanOrEqual(255);
      }
      expect(mine.some((s) => s.fields.Polarity__c === 'Positive')).toBe(true);
    }
    expect(starters.filter((s) => s.fields.Polarity__c === 'Reverse').length).toBeGreaterThanOrEqual(5);
  });
});

/** Every text field of the shipped data files, named for a failure message. */
function dataTexts(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const r of records) {
    for (const [field, v] of Object.entries(r.fields)) {
      if (field === 'Key__c' || typeof v !== 'string') continue;
      out.push({ where: `${r.sobject} ${r.key} ${field}`, text: v });
    }
  }
  return out;
}

/** The runs of the texts whose fingerprint is among the given ones. */
function copiedRuns(texts: { where: string; text: string }[], prints: Set<string>): string[] {
  return texts.flatMap(({ where, text }) =>
    runsOf(text)
      .filter((run) => prints.has(fingerprint(run)))
      .map((run) => `${where}: "${run}"`)
  );
}

describe('originality against the source documents', () => {
  it(`copies no run of ${RUN_WORDS} words from the source documents (by their fingerprints)`, () => {
    const prints = storedFingerprints();
    expect(prints.size).toBeGreaterThan(5000);
    const texts = dataTexts();
    expect(texts.reduce((n, t) => n + runsOf(t.text).length, 0)).toBeGreaterThan(3000);
    expect(copiedRuns(texts, prints)).toEqual([]);
  });

  it('finds a copied run whatever its case, punctuation or spacing', () => {
    const source = 'The quick brown fox jumps over the lazy dog near the river bank.';
    const prints = new Set(runsOf(source).map(fingerprint));
    const copy = { where: 'X', text: 'Intro.  THE QUICK brown fox, jumps over the lazy dog; near...' };
    expect(runsOf(source)).toHaveLength(5);
    expect(copiedRuns([copy], prints)).toEqual([
      'X: "the quick brown fox jumps over the lazy dog"',
      'X: "quick brown fox jumps over the lazy dog near"'
    ]);
    expect(
      copiedRuns([{ where: 'Y', text: 'A fox jumps over a dog near the river bank today.' }], prints)
    ).toEqual([]);
  });
});

/**
 * The sObject Tree API (`composite/tree`) over HTTP: every content plan in data/ loads into an org
 * started without content when sent the way `sf data import tree --plan` sends it (files in plan
 * order, `@ref` values replaced by the ids of earlier answers, at most 200 records a request); nested
 * children by relationship name; all-or-nothing failures with the record at fault; the limits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../index';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DATA = path.join(__dirname, '..', '..', '..', 'data');
let org: LocalOrg;

async function tree(type: string, records: unknown[]): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${org.url}/services/data/v66.0/composite/tree/${type}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ records })
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const live = (type: string) => org.store.table(type).rows.filter((r) => !r.IsDeleted);

/** Sends one plan as the Salesforce CLI does; returns the reference ids it created. */
async function importPlan(planFile: string, refs: Map<string, string>): Promise<number> {
  const parts = JSON.parse(fs.readFileSync(planFile, 'utf8')) as { sobject: string; files: string[] }[];
  let created = 0;
  for (const part of parts) {
    for (const file of part.files) {
      const { records } = JSON.parse(fs.readFileSync(path.join(DATA, file), 'utf8')) as { records: Json[] };
      const resolved = records.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            typeof v === 'string' && v.startsWith('@') ? (refs.get(v.slice(1)) ?? v) : v
          ])
        )
      );
      for (let i = 0; i < resolved.length; i += 200) {
        const { status, body } = await tree(part.sobject, resolved.slice(i, i + 200));
        expect({ file, status, hasErrors: body.hasErrors }).toEqual({ file, status: 201, hasErrors: false });
        for (const r of body.results as { referenceId: string; id: string }[]) refs.set(r.referenceId, r.id);
        created += body.results.length;
      }
    }
  }
  return created;
}

beforeAll(async () => {
  org = await startLocalOrg();
});
afterAll(() => org.close());

describe('sObject Tree', () => {
  it('loads every content plan in data/ into an org started without content', async () => {
    expect(live('Competency__c')).toHaveLength(0);
    const plans = fs.readdirSync(DATA).filter((f) => f.endsWith('-plan.json'));
    expect(plans.length).toBeGreaterThanOrEqual(5);
    const refs = new Map<string, string>();
    let total = 0;
    for (const plan of plans) total += await importPlan(path.join(DATA, plan), refs);
    // every record of every data file arrived, with its lookups pointing at the right parents
    const files = fs.readdirSync(DATA).filter((f) => f.endsWith('.json') && !f.endsWith('-plan.json'));
    let expected = 0;
    for (const f of files) {
      const { records } = JSON.parse(fs.readFileSync(path.join(DATA, f), 'utf8')) as { records: Json[] };
      expected += records.length;
      expect({ f, n: live(f.replace(/\.json$/, '')).length }).toEqual({ f, n: records.length });
    }
    expect(total).toBe(expected);
    const behavior = live('Job_Behavior__c')[0];
    const competency = org.store.get('Competency__c', behavior.Competency__c as string);
    expect(competency?.Key__c).toEqual(expect.stringMatching(/^comp\./));
  });

  it('creates nested children by relationship name, roots first, setting each parent lookup', async () => {
    const { status, body } = await tree('Competency_Dimension__c', [
      {
        attributes: { type: 'Competency_Dimension__c', referenceId: 'dim' },
        Name: 'Tree dimension',
        Key__c: 'tree.dim',
        Competencies__r: {
          records: [
            {
              attributes: { type: 'Competency__c', referenceId: 'comp' },
              Name: 'Tree competency',
              Key__c: 'tree.comp',
              Job_Behaviors__r: {
                records: [
                  {
                    attributes: { type: 'Job_Behavior__c', referenceId: 'beh' },
                    Name: 'Tree behaviour',
                    Key__c: 'tree.beh'
                  }
                ]
              }
            }
          ]
        }
      },
      {
        attributes: { type: 'Competency_Dimension__c', referenceId: 'dim2' },
        Name: 'Second root',
        Key__c: 'tree.dim2'
      }
    ]);
    expect(status).toBe(201);
    expect(body.hasErrors).toBe(false);
    expect((body.results as Json[]).map((r): unknown => r.referenceId)).toEqual([
      'dim',
      'dim2',
      'comp',
      'beh'
    ]);
    const id = (ref: string) => (body.results as Json[]).find((r) => r.referenceId === ref)!.id as string;
    expect(org.store.get('Competency__c', id('comp'))!.Dimension__c).toBe(id('dim'));
    expect(org.store.get('Job_Behavior__c', id('beh'))!.Competency__c).toBe(id('comp'));
  });

  it('creates nothing when one record fails, naming it with statusCode, message and fields', async () => {
    const before = live('Career_Level__c').length;
    const { status, body } = await tree('Career_Level__c', [
      {
        attributes: { type: 'Career_Level__c', referenceId: 'ok' },
        Name: 'Fine',
        Key__c: 'tree.ok',
        Level__c: 1
      },
      {
        attributes: { type: 'Career_Level__c', referenceId: 'bad' },
        Name: 'Bad',
        Key__c: 'tree.bad',
        Track__c: 'Nope'
      }
    ]);
    expect(status).toBe(400);
    expect(body).toEqual({
      hasErrors: true,
      results: [
        {
          referenceId: 'bad',
          errors: [
            {
              statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
              message: expect.any(String),
              fields: ['Track__c']
            }
          ]
        }
      ]
    });
    expect(live('Career_Level__c')).toHaveLength(before);
  });

  it('refuses duplicate reference ids, other root types, missing reference ids and more than 200 records', async () => {
    const rec = (ref: string, extra: Json = {}) => ({
      attributes: { type: 'Performance_Band__c', referenceId: ref },
      Name: ref,
      ...extra
    });
    const dup = await tree('Performance_Band__c', [rec('x'), rec('y'), rec('x')]);
    expect(dup.status).toBe(400);
    expect((dup.body.results as Json[]).map((r): unknown[] => [r.referenceId, r.errors[0].message])).toEqual([
      ['x', 'Duplicate ReferenceId provided in the request'],
      ['x', 'Duplicate ReferenceId provided in the request']
    ]);
    const wrong = await tree('Career_Level__c', [rec('p')]);
    expect(wrong.body.results[0].errors[0].message).toBe(
      'The request creates Career_Level__c records at its root, not Performance_Band__c'
    );
    const noRef = await tree('Performance_Band__c', [
      { attributes: { type: 'Performance_Band__c' }, Name: 'n' }
    ]);
    expect(noRef.status).toBe(400);
    expect(noRef.body[0].errorCode).toBe('INVALID_INPUT');
    const many = await tree(
      'Performance_Band__c',
      Array.from({ length: 201 }, (_, i) => rec(`r${i}`))
    );
    expect(many.body.results[0]).toMatchObject({
      referenceId: 'r200',
      errors: [{ statusCode: 'LIMIT_EXCEEDED' }]
    });
    const unknown = await tree('Nope__c', [rec('z')]);
    expect(unknown.status).toBe(404);
  });
});

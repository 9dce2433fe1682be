/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read loosely in this end-to-end test */
/**
 * The rating screen's request and save against the local org, over HTTP, as the seeded personas:
 * the query runs (not only validates), a save raises the version, a stale save comes back as a
 * conflict naming nothing overwritten, and the org itself refuses the rep's save.
 */
import * as http from 'node:http';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSaveRequest, outcomeOf } from '../force-app/main/default/lwc/assessmentSave/assessmentSave';
import type { AssessmentWrite } from '../force-app/main/default/lwc/assessmentSave/assessmentSave';
import { startLocalOrg } from '../scripts/localOrg';
import type { LocalOrg } from '../scripts/localOrg';

jest.setTimeout(120_000);

/** The query text exactly as the component holds it. */
function queryOf(file: string, name: string): string {
  const source = readFileSync(
    path.join(__dirname, '..', 'force-app', 'main', 'default', 'lwc', file),
    'utf8'
  );
  const match = new RegExp(`${name} = gql\`([\\s\\S]*?)\``).exec(source);
  if (!match) throw new Error(`${name} not found in ${file}`);
  return match[1];
}

let org: LocalOrg;

function post(token: string, body: unknown): Promise<any> {
  const url = new URL(`${org.url}/services/data/v66.0/graphql`);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload)
        }
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      }
    );
    req.on('error', reject);
    req.end(payload);
  });
}

beforeAll(async () => {
  org = await startLocalOrg({ plans: true, seed: { assessments: true }, validationRules: true });
});

afterAll(async () => {
  await org.close();
});

describe('rating screen against the local org', () => {
  it('loads everything in one request, saves, and refuses a stale save as a conflict', async () => {
    const personas = org.personas as Required<LocalOrg['personas']>;
    const period = org.seeded!.assessmentPeriod as string;
    const manager = org.sessionFor(personas.manager.username);

    const team = await post(manager, {
      query: queryOf('teamHeatmap/query.ts', 'TEAM_HEATMAP_QUERY'),
      variables: { managerId: personas.manager.id, period }
    });
    expect(team.errors).toBeUndefined();
    const reps = team.data.uiapi.query.User.edges.map((e: { node: { Id: string } }) => e.node.Id);
    expect(reps).toContain(personas.rep.id);
    expect(team.data.uiapi.query.Assessment__c.edges.length).toBe(reps.length);

    // A rep who sends the Team page's request with their manager's Id gets no one else's assessment:
    // sharing (private OWD, role hierarchy) decides, not the page.
    const asRep = await post(org.sessionFor(personas.rep.username), {
      query: queryOf('teamHeatmap/query.ts', 'TEAM_HEATMAP_QUERY'),
      variables: { managerId: personas.manager.id, period }
    });
    expect(asRep.errors).toBeUndefined();
    const seen = asRep.data.uiapi.query.Assessment__c.edges.map(
      (e: { node: { Rep__c: { value: string } } }) => e.node.Rep__c.value
    );
    expect(team.data.uiapi.query.Assessment__c.edges.length).toBeGreaterThan(1);
    expect(new Set(seen)).toEqual(new Set(seen.length ? [personas.rep.id] : []));

    const answer = await post(manager, {
      query: queryOf('repRating/query.ts', 'REP_RATING_QUERY'),
      variables: { repId: personas.rep.id, period }
    });
    expect(answer.errors).toBeUndefined();
    const assessment = answer.data.uiapi.query.Assessment__c.edges[0].node;
    const rating = assessment.Behavior_Ratings__r.edges[0].node;
    const version = assessment.Version__c.value as number;

    const write: AssessmentWrite = {
      kind: 'update',
      assessmentId: assessment.Id,
      versionRead: version,
      saveTokenRead: assessment.Save_Token__c.value,
      fields: {
        Status__c: 'Submitted',
        Scope_Rating__c: 'Meeting',
        Impact_Rating__c: 'Meeting',
        Final_Score__c: null,
        Overall_Score__c: 3.1
      },
      ratings: [
        {
          behaviorId: rating.Job_Behavior__c.value,
          ratingId: rating.Id,
          versionRead: rating.Version__c.value,
          rating: '4',
          evidence: null,
          evidenceOpportunityId: null
        }
      ]
    };
    const first = buildSaveRequest(write, {
      next: '11111111-1111-4111-8111-111111111111',
      createPrevious: 'unused'
    });
    const saved = outcomeOf(write, first, 'x', await post(manager, first));
    expect(saved).toMatchObject({ kind: 'saved', version: version + 1 });

    // A second manager's screen, opened before that save, saves the old version: refused, nothing written.
    const staleWrite: AssessmentWrite = {
      ...write,
      ratings: [{ ...write.ratings[0], rating: '1', evidence: 'Not seen this quarter.' }]
    };
    const stale = buildSaveRequest(staleWrite, {
      next: '22222222-2222-4222-8222-222222222222',
      createPrevious: 'unused'
    });
    const refused = outcomeOf(staleWrite, stale, 'y', await post(manager, stale));
    expect(refused.kind).toBe('conflict');

    const after = await post(manager, {
      query: queryOf('repRating/query.ts', 'REP_RATING_QUERY'),
      variables: { repId: personas.rep.id, period }
    });
    const now = after.data.uiapi.query.Assessment__c.edges[0].node;
    expect(now.Version__c.value).toBe(version + 1);
    expect(now.LastModifiedBy.Name.value).toBe(personas.manager.name);
    const kept = now.Behavior_Ratings__r.edges.find((e: any) => e.node.Id === rating.Id).node;
    expect(kept.Rating__c.value).toBe('4');

    // The rep reads the same assessment; the org refuses their save whatever the screen shows.
    const repToken = org.sessionFor(personas.rep.username);
    const repView = await post(repToken, {
      query: queryOf('repRating/query.ts', 'REP_RATING_QUERY'),
      variables: { repId: personas.rep.id, period }
    });
    expect(repView.data.uiapi.query.Assessment__c.edges[0].node.Id).toBe(assessment.Id);
    const repWrite: AssessmentWrite = {
      ...write,
      versionRead: version + 1,
      saveTokenRead: '11111111-1111-4111-8111-111111111111',
      ratings: [{ ...write.ratings[0], versionRead: (rating.Version__c.value as number) + 1 }]
    };
    const repRequest = buildSaveRequest(repWrite, {
      next: '33333333-3333-4333-8333-333333333333',
      createPrevious: 'unused'
    });
    const repOutcome = outcomeOf(repWrite, repRequest, 'z', await post(repToken, repRequest));
    // Refused for who they are (access or the assessor rules), not mistaken for a conflict.
    expect(repOutcome.kind).not.toBe('saved');
    expect(repOutcome.kind).not.toBe('conflict');
  });
});

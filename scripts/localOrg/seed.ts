/**
 * A deterministic sample sales team for the local org: a role hierarchy, managers and reps by sales
 * role, opportunities over several fiscal quarters (won/lost ratios per rep, lognormal amounts and
 * cycle times), quotas in ForecastingQuota and Sales_Quota__c, and leads for SDRs. Generated straight
 * into the store so 10,000 reps and 1,000,000 opportunities load in seconds. Optionally, each rep's
 * manager assessment of the last closed quarter with behaviour ratings, some of which follow the skill
 * behind the rep's win rate, so the behaviour impact analysis has something to find.
 */
import {
  formatPeriodKey,
  parsePeriodKey,
  periodOf,
  periodRange
} from '../../force-app/main/default/lwc/scoring/fiscal';
import { lastClosedQuarter, scoreAssessment } from '../../force-app/main/default/lwc/scoring/scoring';
import type { RatingInput } from '../../force-app/main/default/lwc/scoring/scoring';
import { insertOpportunityHistory, type HistoryStep } from './history';
import { LEAD_STATUSES, OPPORTUNITY_STAGES } from '../metadata/schema';
import type { Rec, SfValue, Store } from './store';
import { PERMISSION_SETS, PROFILES, SYNC_USERNAME } from './access/policy';

/** Options for the seed. */
export interface SeedOptions {
  /** PRNG seed (default 42): the same seed gives the same org. */
  seed?: number;
  /** Number of reps (default 24). */
  reps?: number;
  /** Reps per manager (default 8). */
  teamSize?: number;
  /** Total opportunities across AEs and AMs (default 60 per such rep). */
  opportunities?: number;
  /** Closed fiscal quarters of history before the current one (default 6). */
  quarters?: number;
  /** Leads per SDR per quarter (default 25). */
  leadsPerQuarter?: number;
  /**
   * A submitted manager assessment of the last closed fiscal quarter for every rep, with a rating of
   * each behaviour of the rep's role (default false). Needs the default content loaded first.
   */
  assessments?: boolean;
}

/** What the seed created. */
export interface SeedSummary {
  managers: number;
  reps: number;
  accounts: number;
  opportunities: number;
  /** OpportunityHistory rows written for them (about five per opportunity). */
  historyRows: number;
  leads: number;
  quotas: number;
  /** Period keys (YYYY-Qn) covered, oldest first. */
  periods: string[];
  /** Manager assessments created (0 unless the assessments option is on). */
  assessments: number;
  /** Behaviour ratings created in them. */
  ratings: number;
  /** The period the assessments rate (the last closed fiscal quarter), or null without assessments. */
  assessmentPeriod: string | null;
}

/** One generated rep and the hidden traits behind their numbers. */
interface Rep {
  id: string;
  managerId: string;
  role: 'SDR' | 'Account Executive' | 'Account Manager';
  level: number;
  inRamp: boolean;
  /** Standard normal skill; with the career level it sets the win rate. */
  skill: number;
  winRate: number;
  dealSize: number;
  cycle: number;
}

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ava',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Isla',
  'Jon',
  'Kira',
  'Liam',
  'Maya',
  'Nico',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sam',
  'Tara',
  'Uma',
  'Victor',
  'Wen',
  'Yara',
  'Zane'
];
const LAST = [
  'Adler',
  'Brooks',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jensen',
  'Khan',
  'Lopez',
  'Moreau',
  'Novak',
  'Okafor',
  'Patel',
  'Quist',
  'Rossi',
  'Silva',
  'Tanaka',
  'Usman',
  'Varga',
  'Weber',
  'Young',
  'Zhou'
];
const INDUSTRIES = ['Technology', 'Finance', 'Healthcare', 'Manufacturing', 'Retail'];
const OPEN_STAGES = OPPORTUNITY_STAGES.filter((s) => !s.closed).map((s) => s.name);

/** Standard normal draws (Box-Muller) from a uniform generator. */
function gaussian(rand: () => number): () => number {
  return () => {
    const u = 1 - rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

/**
 * Generates the sample sales team into the store. Team rows are inserted without validation (well-formed
 * by construction); assessments and ratings are created as each rep's manager, through the store's
 * validation rules when they are on.
 */
export function seedSalesTeam(store: Store, options: SeedOptions = {}): SeedSummary {
  const rand = prng(options.seed ?? 42);
  const normal = gaussian(rand);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const repCount = options.reps ?? 24;
  if (!Number.isInteger(repCount) || repCount < 1)
    throw new Error(`reps must be a positive whole number, got ${repCount}`);
  const teamSize = Math.max(1, options.teamSize ?? 8);
  const quarters = Math.max(1, options.quarters ?? 6);
  const leadsPerQuarter = options.leadsPerQuarter ?? 25;
  const has = (type: string, field: string): boolean =>
    !!store.schema.find(type)?.fieldMap.get(field.toLowerCase());
  const userExtra = (values: Record<string, SfValue>): Record<string, SfValue> => {
    const out: Record<string, SfValue> = {};
    for (const [k, v] of Object.entries(values)) if (has('User', k)) out[k] = v;
    return out;
  };

  // ---- fiscal periods: `quarters` closed quarters plus the current one
  const fiscal = store.fiscal();
  const f = {
    startMonth: fiscal.fiscalYearStartMonth,
    usesStartDateAsFiscalYearName: fiscal.usesStartDateAsFiscalYearName
  };
  const todayText = store.now().toISOString().slice(0, 10);
  const current = parsePeriodKey(periodOf(todayText, f, 'quarter'));
  const currentIdx = current.year * 4 + (current.quarter as number) - 1;
  const periods: { key: string; start: string; end: string }[] = [];
  for (let i = currentIdx - quarters; i <= currentIdx; i++) {
    const key = formatPeriodKey({ year: Math.floor(i / 4), quarter: (i % 4) + 1 });
    periods.push({ key, ...periodRange(key, f) });
  }
  const dayMs = 86_400_000;
  const toDay = (text: string): number => Math.floor(Date.parse(`${text}T00:00:00Z`) / dayMs);
  const todayDay = toDay(todayText);
  const dateCache = new Map<number, string>();
  const dateText = (day: number): string => {
    let s = dateCache.get(day);
    if (!s) dateCache.set(day, (s = new Date(day * dayMs).toISOString().slice(0, 10)));
    return s;
  };
  const dtCache = new Map<number, string>();
  const dateTimeText = (day: number): string => {
    let s = dtCache.get(day);
    if (!s) dtCache.set(day, (s = `${dateText(day)}T15:00:00.000+0000`));
    return s;
  };
  for (const p of periods) {
    const { year, quarter } = parsePeriodKey(p.key);
    store.insertRaw('Period', {
      Type: 'Quarter',
      StartDate: p.start,
      EndDate: p.end,
      Number: quarter,
      FullyQualifiedLabel: `Q${quarter} FY${year}`,
      IsForecastPeriod: true
    });
  }
  const firstDay = toDay(periods[0].start);
  // one string instance per distinct text, so a million rows share them
  const strings = new Map<string, string>();
  const intern = (text: string): string => {
    const hit = strings.get(text);
    if (hit !== undefined) return hit;
    strings.set(text, text);
    return text;
  };

  // ---- roles and users
  const vpRole = store.insertRaw('UserRole', { Name: 'VP Sales', DeveloperName: 'VP_Sales' });
  const profile = store.table('Profile').rows.find((p) => p.Name === PROFILES.standard)?.Id as string;
  let userNum = 0;
  const makeUser = (extra: Record<string, SfValue>): string => {
    userNum++;
    const first = pick(FIRST);
    const last = pick(LAST);
    const username = `${first}.${last}.${userNum}@sales.local.org`.toLowerCase();
    return store.insertRaw('User', {
      FirstName: first,
      LastName: last,
      Name: `${first} ${last}`,
      Username: username,
      Email: username,
      Alias: `u${userNum}`.slice(0, 8),
      IsActive: true,
      ProfileId: profile,
      ...extra
    }).Id as string;
  };
  const vp = makeUser({ Title: 'VP Sales', UserRoleId: vpRole.Id });
  // Sales leadership rates maturity and strategy (Manager) and calibrates scores (Calibrator).
  store.assignPermissionSet(vp, PERMISSION_SETS.manager);
  store.assignPermissionSet(vp, PERMISSION_SETS.calibrator);
  const integrationProfile = store.table('Profile').rows.find((p) => p.Name === PROFILES.integration)?.Id;
  const syncUser = store.insertRaw('User', {
    FirstName: 'Metrics',
    LastName: 'Sync',
    Name: 'Metrics Sync',
    Username: SYNC_USERNAME,
    Email: SYNC_USERNAME,
    Alias: 'msync',
    IsActive: true,
    ProfileId: integrationProfile ?? profile
  }).Id as string;
  store.assignPermissionSet(syncUser, PERMISSION_SETS.sync);
  const managerCount = Math.ceil(repCount / teamSize);
  const managers: { id: string; role: string; repRole: string }[] = [];
  for (let m = 0; m < managerCount; m++) {
    const role = store.insertRaw('UserRole', {
      Name: `Sales Team ${m + 1}`,
      DeveloperName: `Sales_Team_${m + 1}`,
      ParentRoleId: vpRole.Id
    }).Id as string;
    const manager = makeUser({ Title: 'Sales Manager', UserRoleId: role, ManagerId: vp });
    store.assignPermissionSet(manager, PERMISSION_SETS.manager);
    // the second team's manager also calibrates (the first stays a plain manager)
    if (m === 1) store.assignPermissionSet(manager, PERMISSION_SETS.calibrator);
    // reps sit one level below their manager, so the manager sees their records through the hierarchy
    const repRole = store.insertRaw('UserRole', {
      Name: `Sales Team ${m + 1} Reps`,
      DeveloperName: `Sales_Team_${m + 1}_Reps`,
      ParentRoleId: role
    }).Id as string;
    managers.push({ id: manager, role, repRole });
  }
  const forecastType = store.insertRaw('ForecastingType', {
    DeveloperName: 'OpportunityRevenue',
    MasterLabel: 'Opportunity Revenue',
    IsActive: true,
    IsAmount: true
  }).Id as string;

  const reps: Rep[] = [];
  for (let r = 0; r < repCount; r++) {
    const x = rand();
    const role: Rep['role'] = x < 0.25 ? 'SDR' : x < 0.8 ? 'Account Executive' : 'Account Manager';
    const level = Math.min(6, Math.max(1, Math.round(2.5 + normal() * 1.2)));
    const inRamp = rand() < 0.1;
    const team = managers[Math.floor(r / teamSize)];
    const skill = normal();
    const id = makeUser({
      Title: role === 'SDR' ? 'Sales Development Rep' : role,
      UserRoleId: team.repRole,
      ManagerId: team.id,
      ...userExtra({
        Sales_Role__c: role,
        Career_Level__c: level,
        In_Ramp__c: inRamp,
        Ramp_End_Date__c: inRamp ? dateText(todayDay + 30 + Math.floor(rand() * 120)) : null
      })
    });
    store.assignPermissionSet(id, PERMISSION_SETS.rep);
    reps.push({
      id,
      managerId: team.id,
      role,
      level,
      inRamp,
      skill,
      winRate: Math.min(
        0.7,
        Math.max(0.08, (role === 'Account Manager' ? 0.42 : 0.28) + 0.06 * skill + 0.02 * level)
      ),
      dealSize: (role === 'Account Manager' ? 18_000 : 32_000) * Math.exp(0.25 * normal() + 0.08 * level),
      cycle: (role === 'Account Manager' ? 35 : 65) * Math.exp(0.2 * normal())
    });
  }

  // ---- accounts
  const sellers = reps.filter((r) => r.role !== 'SDR');
  const accountCount = Math.min(Math.max(10, sellers.length * 4), 20_000);
  const accounts: string[] = [];
  const accountNames: string[] = [];
  for (let a = 0; a < accountCount; a++) {
    accountNames.push(
      `${pick(LAST)} ${pick(['Systems', 'Group', 'Labs', 'Partners', 'Industries', 'Health', 'Capital'])} ${a + 1}`
    );
    accounts.push(
      store.insertRaw('Account', {
        Name: accountNames[a],
        Industry: pick(INDUSTRIES),
        OwnerId: sellers.length ? sellers[a % sellers.length].id : vp
      }).Id as string
    );
  }

  // ---- opportunities: closed ones in past quarters, open ones closing later this quarter or next
  const oppTotal = options.opportunities ?? sellers.length * 60;
  let opps = 0;
  const wonByRepPeriod = new Map<string, number>();
  const won = OPPORTUNITY_STAGES.find((s) => s.won) as (typeof OPPORTUNITY_STAGES)[number];
  const lost = OPPORTUNITY_STAGES.find((s) => s.closed && !s.won) as (typeof OPPORTUNITY_STAGES)[number];
  const span = todayDay - firstDay;
  const dealNames = new Map<number, string>();
  const dealName = (account: number, role: Rep['role']): string => {
    const key = account * 2 + (role === 'Account Manager' ? 1 : 0);
    let name = dealNames.get(key);
    if (!name)
      dealNames.set(
        key,
        (name = `${accountNames[account]} - ${role === 'Account Manager' ? 'Expansion' : 'New Business'}`)
      );
    return name;
  };
  // Stage history comes from a stream of its own, so the rest of the org does not depend on it.
  // Each seller has a hidden knack for one stage (PLANTED_STAGE): it decides how often their lost
  // deals drop out there, and a planted behaviour's rating follows it (see seedAssessments).
  const hrand = prng((options.seed ?? 42) ^ 0x0415704f);
  const hnormal = gaussian(hrand);
  const stageSkill = new Map(reps.map((r) => [r.id, hnormal()]));
  let historyRows = 0;
  const openNames = OPEN_STAGES;
  const planted = openNames.indexOf(PLANTED_STAGE);
  const stampCache = new Map<number, string>();
  /** Datetime text of the n-th change of a deal on a day (minutes apart, so the order is kept). */
  const stamp = (day: number, n: number): string => {
    const key = day * 16 + n;
    let text = stampCache.get(key);
    if (!text) stampCache.set(key, (text = `${dateText(day)}T15:${String(n).padStart(2, '0')}:00.000+0000`));
    return text;
  };
  /**
   * The stages a deal went through, ending at its current stage: open stages in order with some
   * skipped (always the first one and the last one reached), then the closing stage. A lost deal
   * drops out at one open stage: at the planted stage with a chance that falls with the owner's
   * knack for it, at the others with a fixed hazard.
   */
  const stagePath = (final: string, fromDay: number, toDay: number, knack: number): HistoryStep[] => {
    const finalIndex = openNames.indexOf(final);
    let last: number;
    if (finalIndex >= 0) last = finalIndex;
    else if (final === won.name) last = openNames.length - 1;
    else {
      last = openNames.length - 1;
      for (let k = 0; k < openNames.length; k++) {
        const hazard = k === planted ? 1 / (1 + Math.exp(0.3 + 1.6 * knack)) : 0.22;
        if (hrand() < hazard) {
          last = k;
          break;
        }
      }
    }
    const stages: string[] = [];
    for (let k = 0; k <= last; k++) if (k === 0 || k === last || hrand() < 0.55) stages.push(openNames[k]);
    if (finalIndex < 0) stages.push(final);
    const span = Math.max(0, toDay - fromDay);
    const days = stages.map((_, k) => (k === 0 ? fromDay : fromDay + Math.floor(hrand() * (span + 1))));
    days.sort((a, b) => a - b);
    if (finalIndex < 0) days[days.length - 1] = toDay;
    const perDay = new Map<number, number>();
    return stages.map((stage, k) => {
      const n = perDay.get(days[k]) ?? 0;
      perDay.set(days[k], n + 1);
      return { stage, at: stamp(days[k], n) };
    });
  };
  if (sellers.length) {
    for (let i = 0; i < oppTotal; i++) {
      const rep = sellers[i % sellers.length];
      const open = rand() < 0.12;
      const closeDay = open ? todayDay + 1 + Math.floor(rand() * 90) : firstDay + Math.floor(rand() * span);
      const cycleDays = Math.max(3, Math.round(rep.cycle * Math.exp(0.5 * normal())));
      const amount = Math.round(rep.dealSize * Math.exp(0.7 * normal()) * 100) / 100;
      const isWon = !open && rand() < rep.winRate;
      const stage = open ? pick(OPEN_STAGES) : isWon ? won : lost;
      const stageDef = typeof stage === 'string' ? OPPORTUNITY_STAGES.find((s) => s.name === stage) : stage;
      const created = dateTimeText(closeDay - cycleDays);
      const account = Math.floor(rand() * accounts.length);
      const opportunity = store.insertRaw('Opportunity', {
        Name: dealName(account, rep.role),
        AccountId: accounts[account],
        OwnerId: rep.id,
        StageName: stageDef?.name ?? null,
        Amount: amount,
        CloseDate: dateText(closeDay),
        Probability: stageDef?.probability ?? null,
        IsClosed: !open,
        IsWon: isWon,
        Type: rep.role === 'Account Manager' ? 'Existing Business' : 'New Business',
        CreatedDate: created,
        LastModifiedDate: created,
        SystemModstamp: created
      });
      opps++;
      historyRows += insertOpportunityHistory(
        store,
        opportunity,
        stagePath(
          stageDef?.name ?? lost.name,
          closeDay - cycleDays,
          open ? todayDay : closeDay,
          stageSkill.get(rep.id) ?? 0
        )
      );
      if (isWon) {
        const key = `${rep.id}:${periodOf(dateText(closeDay), f, 'quarter')}`;
        wonByRepPeriod.set(key, (wonByRepPeriod.get(key) ?? 0) + amount);
      }
    }
  }

  // ---- quotas: aimed so attainment spreads around 95%
  let quotas = 0;
  const hasSalesQuota = !!store.schema.find('Sales_Quota__c');
  const perPeriodOpps = sellers.length ? oppTotal / sellers.length / periods.length : 0;
  for (const rep of sellers) {
    for (const p of periods) {
      const expected = Math.max(1, perPeriodOpps * (1 - 0.12) * rep.winRate * rep.dealSize * 1.3);
      const amount = Math.round(expected / Math.max(0.4, 0.95 + 0.25 * normal()) / 1000) * 1000 || 1000;
      store.insertRaw('ForecastingQuota', {
        QuotaOwnerId: rep.id,
        StartDate: p.start,
        QuotaAmount: amount,
        ForecastingTypeId: forecastType,
        IsAmount: true
      });
      if (hasSalesQuota)
        store.insertRaw('Sales_Quota__c', {
          Key__c: `${rep.id}:${p.key}`,
          Name: `${p.key} quota`,
          User__c: rep.id,
          Period__c: p.key,
          Amount__c: amount,
          OwnerId: rep.id
        });
      quotas++;
    }
  }

  // ---- count quotas for SDRs (leads converted), from the history stream so the rest stays as it was
  const quantityType = store.insertRaw('ForecastingType', {
    DeveloperName: 'OpportunityQuantity',
    MasterLabel: 'Opportunity Quantity',
    IsActive: true,
    IsAmount: false,
    IsQuantity: true
  }).Id as string;
  const hasQuantity = has('Sales_Quota__c', 'Quantity__c');
  for (const rep of reps.filter((r) => r.role === 'SDR')) {
    for (const p of periods) {
      const quantity = Math.max(
        1,
        Math.round((leadsPerQuarter * 0.15) / Math.max(0.4, 0.95 + 0.25 * hnormal()))
      );
      store.insertRaw('ForecastingQuota', {
        QuotaOwnerId: rep.id,
        StartDate: p.start,
        QuotaQuantity: quantity,
        ForecastingTypeId: quantityType,
        IsAmount: false,
        IsQuantity: true
      });
      if (hasSalesQuota && hasQuantity)
        store.insertRaw('Sales_Quota__c', {
          Key__c: `${rep.id}:${p.key}`,
          Name: `${p.key} quota`,
          User__c: rep.id,
          Period__c: p.key,
          Quantity__c: quantity,
          OwnerId: rep.id
        });
      quotas++;
    }
  }

  // ---- leads for SDRs
  let leads = 0;
  for (const rep of reps.filter((r) => r.role === 'SDR')) {
    const rate = Math.min(0.4, Math.max(0.04, 0.15 + 0.05 * normal()));
    for (const p of periods) {
      const start = toDay(p.start);
      const end = Math.min(toDay(p.end), todayDay);
      for (let i = 0; i < leadsPerQuarter && end >= start; i++) {
        const day = start + Math.floor(rand() * (end - start + 1));
        const converted = rand() < rate;
        const status = converted
          ? LEAD_STATUSES[2]
          : pick([LEAD_STATUSES[0], LEAD_STATUSES[1], LEAD_STATUSES[3]]);
        const first = pick(FIRST);
        const last = pick(LAST);
        store.insertRaw('Lead', {
          FirstName: first,
          LastName: last,
          Name: intern(`${first} ${last}`),
          Company: intern(`${pick(LAST)} Co`),
          Status: status,
          IsConverted: converted,
          ConvertedDate: converted ? dateText(Math.min(todayDay, day + 5 + Math.floor(rand() * 20))) : null,
          OwnerId: rep.id,
          CreatedDate: dateTimeText(day)
        });
        leads++;
      }
    }
  }
  // ---- assessments, from a stream of their own so the rest of the org does not depend on them
  const assessmentPeriod = options.assessments ? lastClosedQuarter(todayText, f) : null;
  const rated = assessmentPeriod
    ? seedAssessments(store, reps, assessmentPeriod, prng((options.seed ?? 42) ^ 0x5eedab1e), stageSkill)
    : { assessments: 0, ratings: 0 };
  return {
    managers: managers.length,
    reps: reps.length,
    accounts: accounts.length,
    opportunities: opps,
    historyRows,
    leads,
    quotas,
    periods: periods.map((p) => p.key),
    ...rated,
    assessmentPeriod
  };
}

/**
 * Competencies whose first two behaviours follow the rep's hidden skill in the seeded ratings; every
 * other behaviour is rated with noise alone, so the impact analysis shows both kinds.
 */
export const SKILL_LINKED_COMPETENCIES: readonly string[] = [
  'comp.discovery',
  'comp.ae.qualification',
  'comp.ae.negotiation',
  'comp.am.expansion',
  'comp.am.renewal',
  'comp.sdr.qualification'
];

/**
 * The behaviour planted to matter at one stage: its seeded rating follows each AE's hidden knack
 * for PLANTED_STAGE, the knack that keeps their lost deals from dropping out at that stage. The
 * impact analysis should find it at that stage with a positive correlation, and not elsewhere.
 */
export const PLANTED_BEHAVIOR = 'beh.ae.qualification.4';
/** The stage where PLANTED_BEHAVIOR matters. */
export const PLANTED_STAGE = 'Needs Analysis';

/** Evidence written with ratings of 1 and 2 (the validation rule asks for it). */
const LOW_RATING_EVIDENCE = [
  "Seen rarely in this quarter's call reviews, and only after a prompt. We agreed to practise it on the next two deals.",
  'Two recent opportunities moved on without it; we went through what it would have changed and set a check-in.',
  'Observed in one of five reviewed calls. Coaching on it is planned for the next one-to-one.'
];

/** A rating point (1-5) from a continuous score. */
function ratingPoint(v: number): number {
  return Math.min(5, Math.max(1, Math.round(v)));
}

/** How far each team's manager rates above (+) or below (-) the others, in rating points, by team in turn. */
const MANAGER_LENIENCY = [0, 0.4, -0.4];

/** One behaviour to rate, and whether its ratings follow the rep's skill (or the planted stage knack). */
interface RatedBehavior {
  id: string;
  linked: boolean;
  planted: boolean;
}

/** Creates each rep's submitted manager assessment of the period, rated by the manager. */
function seedAssessments(
  store: Store,
  reps: Rep[],
  period: string,
  rand: () => number,
  stageSkill: ReadonlyMap<string, number>
): { assessments: number; ratings: number } {
  const normal = gaussian(rand);
  const live = (type: string): Rec[] =>
    store.schema.find(type) ? store.table(type).rows.filter((r) => !r.IsDeleted) : [];
  const competencyKey = new Map(live('Competency__c').map((c) => [c.Id as string, c.Key__c as string]));
  const behaviorsOf = new Map<string, Rec[]>();
  for (const b of live('Job_Behavior__c')) {
    const list = behaviorsOf.get(b.Competency__c as string) ?? [];
    list.push(b);
    behaviorsOf.set(b.Competency__c as string, list);
  }
  const byRole = new Map<string, RatedBehavior[]>();
  // What the rating screen scores with: the model, and each role's competency weights.
  const model = {
    competencies: live('Competency__c').map((c) => ({
      key: c.Id as string,
      dimensionKey: String(c.Dimension__c ?? '')
    })),
    behaviors: live('Job_Behavior__c').map((b) => ({
      key: b.Id as string,
      competencyKey: b.Competency__c as string
    }))
  };
  const weightsOf = new Map<string, Record<string, number>>();
  for (const rc of live('Role_Competency__c')) {
    const competency = rc.Competency__c as string;
    const weights = weightsOf.get(rc.Sales_Role__c as string) ?? {};
    weights[competency] = Number(rc.Weight__c ?? 1);
    weightsOf.set(rc.Sales_Role__c as string, weights);
    const linked = SKILL_LINKED_COMPETENCIES.includes(competencyKey.get(competency) ?? '');
    const behaviors = [...(behaviorsOf.get(competency) ?? [])].sort(
      (a, b) =>
        Number(a.Sort_Order__c ?? 0) - Number(b.Sort_Order__c ?? 0) ||
        String(a.Key__c).localeCompare(String(b.Key__c))
    );
    const list = byRole.get(rc.Sales_Role__c as string) ?? [];
    behaviors.forEach((b, i) =>
      list.push({ id: b.Id as string, linked: linked && i < 2, planted: b.Key__c === PLANTED_BEHAVIOR })
    );
    byRole.set(rc.Sales_Role__c as string, list);
  }
  if (!store.schema.find('Assessment__c') || !byRole.size)
    throw new Error(
      'Seeding assessments needs the default content (Role_Competency__c and Job_Behavior__c records): load it first (plans: true), or turn assessments off'
    );
  const careerLevel = new Map(
    live('Career_Level__c').map((c) => [`${String(c.Track__c)}:${Number(c.Level__c)}`, c.Id as string])
  );
  const band = (x: number): string => (x < -0.85 ? 'Below' : x > 0.85 ? 'Exceeding' : 'Meeting');
  // Managers do not all rate alike: of every three teams, the second's manager rates about 0.4 of
  // a point high and the third's about 0.4 low, which is what calibration exists to find. The lean
  // stays off the behaviours planted to follow outcomes, whose signal the impact tests look for.
  const leanOf = new Map(
    [...new Set(reps.map((r) => r.managerId))].map((m, i) => [
      m,
      MANAGER_LENIENCY[i % MANAGER_LENIENCY.length]
    ])
  );
  const actingUser = store.currentUserId;
  const actingPermissions = store.permissions;
  let assessments = 0;
  let ratings = 0;
  try {
    store.transaction(() => {
      for (const rep of reps) {
        // The part of the win rate a rep controls, on a standard scale (see the win rate above).
        const ability = (0.06 * rep.skill + 0.02 * (rep.level - 2.5)) / 0.065;
        // The manager writes the assessment and its ratings, as the validation rules require.
        store.runAs(rep.managerId);
        // the save contract of docs/saving.md: a new token, and a second one as the token it replaces
        const saveToken = `seed-${String(assessments + 1).padStart(8, '0')}-saved`;
        const previousToken = `seed-${String(assessments + 1).padStart(8, '0')}-created`;
        // Drawn in the order the seed has always drawn them, so the seeded org stays the same.
        const scope = band(0.5 * ability + 0.85 * normal());
        const impact = band(0.5 * ability + 0.85 * normal());
        const repLean = leanOf.get(rep.managerId) ?? 0;
        const rated = (byRole.get(rep.role) ?? []).map((behavior) => {
          const notObserved = rand() < 0.04;
          const x = behavior.linked
            ? 0.85 * ability + 0.5 * normal()
            : behavior.planted
              ? 0.85 * (stageSkill.get(rep.id) ?? 0) + 0.5 * normal()
              : normal();
          const unleaned = ratingPoint(3.2 + 0.95 * x);
          const lean = behavior.linked || behavior.planted ? 0 : repLean;
          const rating = notObserved ? 'N/A' : String(ratingPoint(3.2 + 0.95 * x + lean));
          // Evidence is drawn when the unleaned rating is low, as the seed always drew it, so the
          // random sequence (and every other seeded value) is unchanged by the lean.
          const drawn =
            !notObserved && unleaned <= 2
              ? LOW_RATING_EVIDENCE[Math.floor(rand() * LOW_RATING_EVIDENCE.length)]
              : null;
          const evidence =
            rating === '1' || rating === '2'
              ? (drawn ?? LOW_RATING_EVIDENCE[ratings % LOW_RATING_EVIDENCE.length])
              : null;
          return { behavior, rating, evidence };
        });
        // The overall score the rating screen stores with a save, from the same scoring library.
        const overall = scoreAssessment(
          model,
          Object.fromEntries(rated.map((r) => [r.behavior.id, r.rating as RatingInput])),
          weightsOf.get(rep.role) ?? {}
        ).overall;
        const assessment = store.create('Assessment__c', {
          Rep__c: rep.id,
          Assessor__c: rep.managerId,
          OwnerId: rep.id,
          Type__c: 'Manager',
          Period__c: period,
          Status__c: 'Submitted',
          Sales_Role__c: rep.role,
          Career_Level__c: careerLevel.get(`${rep.role}:${rep.level}`) ?? null,
          Scope_Rating__c: scope,
          Impact_Rating__c: impact,
          In_Ramp__c: rep.inRamp,
          Overall_Score__c: overall,
          Version__c: 1,
          Save_Token__c: saveToken,
          Previous_Save_Token__c: previousToken
        });
        assessments++;
        for (const { behavior, rating, evidence } of rated) {
          store.create('Behavior_Rating__c', {
            Assessment__c: assessment,
            Job_Behavior__c: behavior.id,
            Rating__c: rating,
            Version__c: 1,
            Save_Token__c: saveToken,
            Previous_Save_Token__c: previousToken,
            Evidence__c: evidence
          });
          ratings++;
        }
      }
    });
  } finally {
    store.currentUserId = actingUser;
    store.permissions = actingPermissions;
  }
  return { assessments, ratings };
}

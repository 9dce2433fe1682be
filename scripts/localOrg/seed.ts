/**
 * A deterministic sample sales team for the local org: a role hierarchy, managers and reps by sales
 * role, opportunities over several fiscal quarters (won/lost ratios per rep, lognormal amounts and
 * cycle times), quotas in ForecastingQuota and Sales_Quota__c, and leads for SDRs. Generated straight
 * into the store so 10,000 reps and 1,000,000 opportunities load in seconds.
 */
import {
  formatPeriodKey,
  parsePeriodKey,
  periodOf,
  periodRange
} from '../../force-app/main/default/lwc/scoring/fiscal';
import { LEAD_STATUSES, OPPORTUNITY_STAGES } from './schema';
import type { SfValue, Store } from './store';

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
}

/** What the seed created. */
export interface SeedSummary {
  managers: number;
  reps: number;
  accounts: number;
  opportunities: number;
  leads: number;
  quotas: number;
  /** Period keys (YYYY-Qn) covered, oldest first. */
  periods: string[];
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

/** Generates the sample sales team into the store (no validation: the values are well-formed by construction). */
export function seedSalesTeam(store: Store, options: SeedOptions = {}): SeedSummary {
  const rand = prng(options.seed ?? 42);
  const normal = (): number => {
    const u = 1 - rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
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
  const profile = store.table('Profile').rows[0].Id as string;
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
  const managerCount = Math.ceil(repCount / teamSize);
  const managers: { id: string; role: string }[] = [];
  for (let m = 0; m < managerCount; m++) {
    const role = store.insertRaw('UserRole', {
      Name: `Sales Team ${m + 1}`,
      DeveloperName: `Sales_Team_${m + 1}`,
      ParentRoleId: vpRole.Id
    }).Id as string;
    managers.push({ id: makeUser({ Title: 'Sales Manager', UserRoleId: role, ManagerId: vp }), role });
  }
  const forecastType = store.insertRaw('ForecastingType', {
    DeveloperName: 'OpportunityRevenue',
    MasterLabel: 'Opportunity Revenue',
    IsActive: true,
    IsAmount: true
  }).Id as string;

  interface Rep {
    id: string;
    role: 'SDR' | 'Account Executive' | 'Account Manager';
    winRate: number;
    dealSize: number;
    cycle: number;
  }
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
      UserRoleId: team.role,
      ManagerId: team.id,
      ...userExtra({
        Sales_Role__c: role,
        Career_Level__c: level,
        In_Ramp__c: inRamp,
        Ramp_End_Date__c: inRamp ? dateText(todayDay + 30 + Math.floor(rand() * 120)) : null
      })
    });
    reps.push({
      id,
      role,
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
      store.insertRaw('Opportunity', {
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
  return {
    managers: managers.length,
    reps: reps.length,
    accounts: accounts.length,
    opportunities: opps,
    leads,
    quotas,
    periods: periods.map((p) => p.key)
  };
}

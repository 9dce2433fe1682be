/**
 * The manager's team for the rating screen: each direct report with the status of their manager
 * assessment for the period, each opening the rep's User record page (where the rating screen
 * lives) through Lightning navigation. One GraphQL request loads the list.
 */
import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import { NavigationMixin } from 'lightning/navigation';
import type { PageReference } from 'lightning/navigation';
import USER_ID from '@salesforce/user/Id';
import { isPeriodKey, lastClosedQuarter, utcDate } from 'c/scoring';
import { describeLoadErrors } from 'c/errors';
import { booleanOf, displayOf, nodesOf, numberOf, sameId, textOf, valueOf } from 'c/uiApi';
import type { Connection, FieldValue } from 'c/uiApi';

export const TEAM_RATINGS_QUERY = gql`
  query teamRatings($managerId: ID, $period: String) {
    uiapi {
      query {
        User(
          where: { and: [{ ManagerId: { eq: $managerId } }, { IsActive: { eq: true } }] }
          orderBy: { Name: { order: ASC } }
          first: 200
        ) {
          edges {
            node {
              Id
              Name {
                value
              }
              Title {
                value
              }
              Sales_Role__c {
                value
                displayValue
              }
              In_Ramp__c {
                value
              }
            }
          }
        }
        Assessment__c(
          where: {
            and: [
              { Period__c: { eq: $period } }
              { Type__c: { eq: "Manager" } }
              { Rep__r: { ManagerId: { eq: $managerId } } }
            ]
          }
          orderBy: { LastModifiedDate: { order: DESC } }
          first: 200
        ) {
          edges {
            node {
              Id
              Rep__c {
                value
              }
              Status__c {
                value
                displayValue
              }
              Overall_Score__c {
                value
              }
              Final_Score__c {
                value
              }
              LastModifiedDate {
                value
                displayValue
              }
            }
          }
        }
      }
    }
  }
`;

interface TeamRepNode {
  Id: string;
  Name: FieldValue<string>;
  Title: FieldValue<string>;
  Sales_Role__c: FieldValue<string>;
  In_Ramp__c: FieldValue<boolean>;
}

interface TeamAssessmentNode {
  Id: string;
  Rep__c: FieldValue<string>;
  Status__c: FieldValue<string>;
  Overall_Score__c: FieldValue<number>;
  Final_Score__c: FieldValue<number>;
  LastModifiedDate: FieldValue<string>;
}

/** `data` of the team request. */
export interface TeamRatingsData {
  uiapi: { query: { User: Connection<TeamRepNode>; Assessment__c: Connection<TeamAssessmentNode> } };
}

/** One line of the list. */
export interface TeamRow {
  id: string;
  name: string;
  detail: string;
  status: string;
  statusClass: string;
  scores: string;
  linkLabel: string;
  url: string;
}

function statusClass(status: string): string {
  if (status === 'Submitted' || status === 'Acknowledged') return 'slds-badge slds-theme_success';
  if (status === 'Draft') return 'slds-badge slds-theme_warning';
  return 'slds-badge';
}

/** Builds the list: every rep, with their latest manager assessment of the period if any. */
export function teamRows(data: TeamRatingsData): TeamRow[] {
  const q = data.uiapi.query;
  const assessments = nodesOf(q.Assessment__c);
  return nodesOf(q.User).map((rep) => {
    const a = assessments.find((candidate) => sameId(valueOf(candidate.Rep__c), rep.Id));
    const status = a ? textOf(a.Status__c) || 'Draft' : 'Not started';
    const overall = a ? numberOf(a.Overall_Score__c) : null;
    const final = a ? numberOf(a.Final_Score__c) : null;
    const scores = a
      ? [
          `overall ${overall === null ? 'unrated' : overall.toFixed(2)}`,
          `final score ${final === null ? 'not set' : String(final)}`,
          a.LastModifiedDate?.value ? `saved ${displayOf(a.LastModifiedDate)}` : ''
        ]
          .filter(Boolean)
          .join(', ')
      : 'no assessment yet';
    const role = displayOf(rep.Sales_Role__c);
    const name = textOf(rep.Name);
    return {
      id: rep.Id,
      name,
      detail: [role, booleanOf(rep.In_Ramp__c) ? 'in ramp' : ''].filter(Boolean).join(', '),
      status,
      statusClass: statusClass(status),
      scores,
      linkLabel: status === 'Not started' ? `Start rating ${name}` : `Open the rating of ${name}`,
      url: ''
    };
  });
}

export default class TeamRatings extends NavigationMixin(LightningElement) {
  /** The period to show (e.g. 2026-Q3); blank = the last closed fiscal quarter. */
  @api period: string | undefined;
  /** Organization.FiscalYearStartMonth (1-12), for the default period. */
  @api fiscalYearStartMonth = 1;
  /** Organization.UsesStartDateAsFiscalYearName, for the default period. */
  @api fiscalYearNamedByStart = false;

  rows: TeamRow[] = [];
  errorMessage: string | null = null;
  loaded = false;

  get teamPeriod(): string {
    if (this.period && isPeriodKey(this.period)) return this.period;
    return lastClosedQuarter(utcDate(new Date()), {
      startMonth: Number(this.fiscalYearStartMonth) || 1,
      usesStartDateAsFiscalYearName: this.fiscalYearNamedByStart === true
    });
  }

  get variables(): { managerId: string; period: string } {
    return { managerId: USER_ID, period: this.teamPeriod };
  }

  @wire(graphql, { query: TEAM_RATINGS_QUERY, variables: '$variables' })
  wiredTeam(result: GraphQLResult<TeamRatingsData> | undefined): void {
    if (!result) return;
    const { data, errors } = result;
    if (errors && errors.length) {
      this.errorMessage = describeLoadErrors('Your team', errors);
      this.loaded = true;
      return;
    }
    if (!data) return;
    this.errorMessage = null;
    this.rows = teamRows(data);
    this.loaded = true;
    this.generateUrls();
  }

  private pageOf(repId: string): PageReference {
    return {
      type: 'standard__recordPage',
      attributes: { recordId: repId, objectApiName: 'User', actionName: 'view' }
    };
  }

  /** Real links (open in a new tab, copy address) for each rep's record page, set once all are known. */
  private generateUrls(): void {
    const rows = this.rows;
    const generate = (this as unknown as Record<symbol, (ref: PageReference) => Promise<string>>)[
      NavigationMixin.GenerateUrl
    ];
    Promise.all(rows.map((row) => generate.call(this, this.pageOf(row.id))))
      .then((urls) => {
        if (this.rows !== rows) return; // a newer answer replaced the list meanwhile
        this.rows = rows.map((row, i) => ({ ...row, url: urls[i] }));
      })
      .catch(() => undefined);
  }

  handleOpen(event: MouseEvent): void {
    event.preventDefault();
    const repId = (event.currentTarget as HTMLElement).dataset.rep as string;
    const navigate = (this as unknown as Record<symbol, (ref: PageReference) => void>)[
      NavigationMixin.Navigate
    ];
    navigate.call(this, this.pageOf(repId));
  }

  get panelState(): string {
    return this.errorMessage ? 'error' : this.loaded ? 'empty' : 'loading';
  }

  get showPanel(): boolean {
    return !this.loaded || !!this.errorMessage || this.rows.length === 0;
  }

  get panelHeading(): string {
    if (this.errorMessage) return 'Your team could not be loaded';
    if (this.loaded) return 'No reps report to you';
    return 'Loading your team';
  }

  get panelMessage(): string {
    if (this.errorMessage) return this.errorMessage;
    return `Reps appear here when their user record names you as their manager.`;
  }

  get panelNextStep(): string {
    if (this.errorMessage) return 'Reload the page. If it keeps failing, send this message to your admin.';
    return 'Ask an admin to set Manager on your reps’ user records.';
  }

  get summary(): string {
    const started = this.rows.filter((r) => r.status !== 'Not started').length;
    const submitted = this.rows.filter((r) => r.status === 'Submitted' || r.status === 'Acknowledged').length;
    return `${this.teamPeriod}: ${submitted} of ${this.rows.length} assessments submitted, ${started - submitted} in draft, ${this.rows.length - started} not started.`;
  }
}

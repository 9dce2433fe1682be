/**
 * The rating screen's one GraphQL request and the shape of its answer: the rep, the model
 * (competencies with their dimension and behaviours, role weights, career levels, bands), the
 * period's manager assessment with its ratings, the latest synced metrics and recent
 * opportunities. Competencies, weights and levels of every role come back and are narrowed to
 * the rep's role on the client, because the role is only known once the rep is read.
 */
import { gql } from 'lightning/graphql';
import type { Connection, FieldValue } from 'c/uiApi';

export const REP_RATING_QUERY = gql`
  query repRating($repId: ID, $period: String, $type: Picklist) {
    uiapi {
      query {
        User(where: { Id: { eq: $repId } }, first: 1) {
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
              Career_Level__c {
                value
              }
              In_Ramp__c {
                value
              }
              Ramp_End_Date__c {
                value
                displayValue
              }
              ManagerId {
                value
              }
              Manager {
                Name {
                  value
                }
                ManagerId {
                  value
                }
              }
            }
          }
        }
        Competency__c(first: 200, orderBy: { Sort_Order__c: { order: ASC } }) {
          edges {
            node {
              Id
              Name {
                value
              }
              Description__c {
                value
              }
              Dimension__c {
                value
              }
              Dimension__r {
                Name {
                  value
                }
                Sort_Order__c {
                  value
                }
              }
              Job_Behaviors__r(first: 100, orderBy: { Sort_Order__c: { order: ASC } }) {
                edges {
                  node {
                    Id
                    Name {
                      value
                    }
                    Statement__c {
                      value
                    }
                    Stages__c {
                      value
                      displayValue
                    }
                  }
                }
              }
            }
          }
        }
        Role_Competency__c(first: 500) {
          edges {
            node {
              Id
              Sales_Role__c {
                value
              }
              Competency__c {
                value
              }
              Weight__c {
                value
              }
            }
          }
        }
        Assessment__c(
          where: {
            and: [{ Rep__c: { eq: $repId } }, { Period__c: { eq: $period } }, { Type__c: { eq: $type } }]
          }
          orderBy: { CreatedDate: { order: DESC } }
          first: 1
        ) {
          edges {
            node {
              Id
              Name {
                value
              }
              Status__c {
                value
              }
              Assessor__c {
                value
              }
              Assessor__r {
                Name {
                  value
                }
              }
              Scope_Rating__c {
                value
              }
              Impact_Rating__c {
                value
              }
              In_Ramp__c {
                value
              }
              Quota_Attainment__c {
                value
              }
              Eligible_Score__c {
                value
              }
              Final_Score__c {
                value
              }
              Override_Reason__c {
                value
              }
              Version__c {
                value
              }
              Save_Token__c {
                value
              }
              Metrics_Synced_At__c {
                value
                displayValue
              }
              LastModifiedDate {
                value
                displayValue
              }
              LastModifiedBy {
                Name {
                  value
                }
              }
              Behavior_Ratings__r(first: 500) {
                edges {
                  node {
                    Id
                    Job_Behavior__c {
                      value
                    }
                    Rating__c {
                      value
                    }
                    Evidence__c {
                      value
                    }
                    Evidence_Opportunity__c {
                      value
                    }
                    Version__c {
                      value
                    }
                  }
                }
              }
            }
          }
        }
        SelfAssessment: Assessment__c(
          where: {
            and: [
              { Rep__c: { eq: $repId } }
              { Period__c: { eq: $period } }
              { Type__c: { eq: "Self" } }
              { Status__c: { ne: "Draft" } }
            ]
          }
          orderBy: { CreatedDate: { order: DESC } }
          first: 1
        ) {
          edges {
            node {
              Id
              Behavior_Ratings__r(first: 500) {
                edges {
                  node {
                    Id
                    Job_Behavior__c {
                      value
                    }
                    Rating__c {
                      value
                    }
                  }
                }
              }
            }
          }
        }
        Performance_Band__c(first: 20, orderBy: { Score__c: { order: ASC } }) {
          edges {
            node {
              Id
              Name {
                value
              }
              Key__c {
                value
              }
              Score__c {
                value
              }
              Min_Attainment__c {
                value
              }
              Max_Attainment__c {
                value
              }
              Requires_Both_Exceeding__c {
                value
              }
              Fallback_Score__c {
                value
              }
            }
          }
        }
        Career_Level__c(first: 200) {
          edges {
            node {
              Id
              Name {
                value
              }
              Track__c {
                value
              }
              Level__c {
                value
              }
              Title__c {
                value
              }
              Scope_Meeting__c {
                value
              }
              Scope_Exceeding__c {
                value
              }
              Impact_Meeting__c {
                value
              }
              Impact_Exceeding__c {
                value
              }
            }
          }
        }
        Performance_Snapshot__c(
          where: { Rep__c: { eq: $repId } }
          orderBy: { Period_End__c: { order: DESC } }
          first: 4
        ) {
          edges {
            node {
              Id
              Period__c {
                value
              }
              Quota_Attainment__c {
                value
              }
              Win_Rate__c {
                value
              }
              Won_Count__c {
                value
              }
              Lost_Count__c {
                value
              }
              Synced_At__c {
                value
                displayValue
              }
            }
          }
        }
        Opportunity(where: { OwnerId: { eq: $repId } }, orderBy: { CloseDate: { order: DESC } }, first: 20) {
          edges {
            node {
              Id
              Name {
                value
              }
              StageName {
                value
              }
              CloseDate {
                value
              }
            }
          }
        }
      }
      objectInfos(apiNames: ["Assessment__c", "Behavior_Rating__c"]) {
        ApiName
        createable
        updateable
        fields {
          ApiName
          createable
          updateable
        }
      }
    }
  }
`;

/** The rep as the query reads them. */
export interface RepNode {
  Id: string;
  Name: FieldValue<string>;
  Title: FieldValue<string>;
  Sales_Role__c: FieldValue<string>;
  Career_Level__c: FieldValue<number>;
  In_Ramp__c: FieldValue<boolean>;
  Ramp_End_Date__c: FieldValue<string>;
  ManagerId: FieldValue<string>;
  Manager: { Name: FieldValue<string>; ManagerId: FieldValue<string> } | null;
}

/** A behaviour of a competency. */
export interface BehaviorNode {
  Id: string;
  Name: FieldValue<string>;
  Statement__c: FieldValue<string>;
  Stages__c: FieldValue<string>;
}

/** A competency with its dimension and behaviours. */
export interface CompetencyNode {
  Id: string;
  Name: FieldValue<string>;
  Description__c: FieldValue<string>;
  Dimension__c: FieldValue<string>;
  Dimension__r: { Name: FieldValue<string>; Sort_Order__c: FieldValue<number> } | null;
  Job_Behaviors__r: Connection<BehaviorNode> | null;
}

/** A role's weight for a competency. */
export interface RoleCompetencyNode {
  Id: string;
  Sales_Role__c: FieldValue<string>;
  Competency__c: FieldValue<string>;
  Weight__c: FieldValue<number>;
}

/** A saved behaviour rating. */
export interface RatingNode {
  Id: string;
  Job_Behavior__c: FieldValue<string>;
  Rating__c: FieldValue<string>;
  Evidence__c: FieldValue<string>;
  Evidence_Opportunity__c: FieldValue<string>;
  Version__c: FieldValue<number>;
}

/** The period's manager assessment. */
export interface AssessmentNode {
  Id: string;
  Name: FieldValue<string>;
  Status__c: FieldValue<string>;
  Assessor__c: FieldValue<string>;
  Assessor__r: { Name: FieldValue<string> } | null;
  Scope_Rating__c: FieldValue<string>;
  Impact_Rating__c: FieldValue<string>;
  In_Ramp__c: FieldValue<boolean>;
  Quota_Attainment__c: FieldValue<number>;
  Eligible_Score__c: FieldValue<number>;
  Final_Score__c: FieldValue<number>;
  Override_Reason__c: FieldValue<string>;
  Version__c: FieldValue<number>;
  Save_Token__c: FieldValue<string>;
  Metrics_Synced_At__c: FieldValue<string>;
  LastModifiedDate: FieldValue<string>;
  LastModifiedBy: { Name: FieldValue<string> } | null;
  Behavior_Ratings__r: Connection<RatingNode> | null;
}

/** A performance band record. */
export interface BandNode {
  Id: string;
  Name: FieldValue<string>;
  Key__c: FieldValue<string>;
  Score__c: FieldValue<number>;
  Min_Attainment__c: FieldValue<number>;
  Max_Attainment__c: FieldValue<number>;
  Requires_Both_Exceeding__c: FieldValue<boolean>;
  Fallback_Score__c: FieldValue<number>;
}

/** A career level with its expectation texts. */
export interface CareerLevelNode {
  Id: string;
  Name: FieldValue<string>;
  Track__c: FieldValue<string>;
  Level__c: FieldValue<number>;
  Title__c: FieldValue<string>;
  Scope_Meeting__c: FieldValue<string>;
  Scope_Exceeding__c: FieldValue<string>;
  Impact_Meeting__c: FieldValue<string>;
  Impact_Exceeding__c: FieldValue<string>;
}

/** A synced performance snapshot. */
export interface SnapshotNode {
  Id: string;
  Period__c: FieldValue<string>;
  Quota_Attainment__c: FieldValue<number>;
  Win_Rate__c: FieldValue<number>;
  Won_Count__c: FieldValue<number>;
  Lost_Count__c: FieldValue<number>;
  Synced_At__c: FieldValue<string>;
}

/** A recent opportunity of the rep, offered as evidence. */
export interface OpportunityNode {
  Id: string;
  Name: FieldValue<string>;
  StageName: FieldValue<string>;
  CloseDate: FieldValue<string>;
}

/** `data` of the rating screen's request. */
/** The rep's own ratings, as the manager's agenda compares them. */
export interface SelfAssessmentNode {
  Id: string;
  Behavior_Ratings__r?: Connection<{
    Id: string;
    Job_Behavior__c: FieldValue<string>;
    Rating__c: FieldValue<string>;
  }>;
}

export interface RepRatingData {
  uiapi: {
    query: {
      User: Connection<RepNode>;
      Competency__c: Connection<CompetencyNode>;
      Role_Competency__c: Connection<RoleCompetencyNode>;
      Assessment__c: Connection<AssessmentNode>;
      /** The rep's submitted self-assessment of the period, for the manager's agenda (alias). */
      SelfAssessment?: Connection<SelfAssessmentNode>;
      Performance_Band__c: Connection<BandNode>;
      Career_Level__c: Connection<CareerLevelNode>;
      Performance_Snapshot__c: Connection<SnapshotNode>;
      Opportunity: Connection<OpportunityNode>;
    };
    /** What the signed-in user may create and update on assessments and ratings (object and field access). */
    objectInfos?: import('c/uiApi').ObjectInfo[] | null;
  };
}

/**
 * The Team page's one GraphQL request: the manager's reps (direct reports and their reports'
 * reports), the period's manager assessments of those reps with their behaviour ratings, earlier
 * decided assessments for promotion readiness, and the model parts that turn ratings into
 * competency scores (competencies with their behaviours, role weights, career levels).
 */
import { gql } from 'lightning/graphql';
import type { Connection, FieldValue } from 'c/uiApi';

export const TEAM_HEATMAP_QUERY = gql`
  query teamHeatmap($managerId: ID, $period: String) {
    uiapi {
      query {
        User(
          where: {
            and: [
              { or: [{ ManagerId: { eq: $managerId } }, { Manager: { ManagerId: { eq: $managerId } } }] }
              { IsActive: { eq: true } }
            ]
          }
          orderBy: { Name: { order: ASC } }
          first: 2000
        ) {
          edges {
            node {
              Id
              Name {
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
              ManagerId {
                value
              }
              Manager {
                Name {
                  value
                }
              }
            }
          }
        }
        Assessment__c(
          where: {
            and: [
              { Period__c: { eq: $period } }
              { Type__c: { eq: "Manager" } }
              {
                or: [
                  { Rep__r: { ManagerId: { eq: $managerId } } }
                  { Rep__r: { Manager: { ManagerId: { eq: $managerId } } } }
                ]
              }
            ]
          }
          orderBy: { LastModifiedDate: { order: DESC } }
          first: 2000
        ) {
          edges {
            node {
              Id
              Rep__c {
                value
              }
              Status__c {
                value
              }
              Overall_Score__c {
                value
              }
              Eligible_Score__c {
                value
              }
              Final_Score__c {
                value
              }
              Quota_Attainment__c {
                value
              }
              Needs_Calibration__c {
                value
              }
              Scope_Rating__c {
                value
              }
              Impact_Rating__c {
                value
              }
              Behavior_Ratings__r(first: 200) {
                edges {
                  node {
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
        Decided: Assessment__c(
          where: {
            and: [
              { Period__c: { lt: $period } }
              { Type__c: { eq: "Manager" } }
              { Status__c: { in: ["Submitted", "Acknowledged"] } }
              {
                or: [
                  { Rep__r: { ManagerId: { eq: $managerId } } }
                  { Rep__r: { Manager: { ManagerId: { eq: $managerId } } } }
                ]
              }
            ]
          }
          orderBy: { Period__c: { order: DESC } }
          first: 2000
        ) {
          edges {
            node {
              Id
              Rep__c {
                value
              }
              Period__c {
                value
              }
              Final_Score__c {
                value
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
              Dimension__c {
                value
              }
              Job_Behaviors__r(first: 100) {
                edges {
                  node {
                    Id
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
        Career_Level__c(first: 200) {
          edges {
            node {
              Id
              Track__c {
                value
              }
              Level__c {
                value
              }
              Expected_Proficiency__c {
                value
              }
            }
          }
        }
      }
    }
  }
`;

/** A rep of the team. */
export interface TeamRepNode {
  Id: string;
  Name: FieldValue<string>;
  Sales_Role__c: FieldValue<string>;
  Career_Level__c: FieldValue<number>;
  In_Ramp__c: FieldValue<boolean>;
  ManagerId: FieldValue<string>;
  Manager: { Name: FieldValue<string> } | null;
}

/** A rating of a period's assessment. */
export interface TeamRatingNode {
  Job_Behavior__c: FieldValue<string>;
  Rating__c: FieldValue<string>;
}

/** A manager assessment of the period. */
export interface TeamAssessmentNode {
  Id: string;
  Rep__c: FieldValue<string>;
  Status__c: FieldValue<string>;
  Overall_Score__c: FieldValue<number>;
  Eligible_Score__c: FieldValue<number>;
  Final_Score__c: FieldValue<number>;
  Quota_Attainment__c: FieldValue<number>;
  Needs_Calibration__c: FieldValue<boolean>;
  Scope_Rating__c: FieldValue<string>;
  Impact_Rating__c: FieldValue<string>;
  Behavior_Ratings__r: Connection<TeamRatingNode>;
}

/** A decided manager assessment of an earlier period. */
export interface DecidedAssessmentNode {
  Id: string;
  Rep__c: FieldValue<string>;
  Period__c: FieldValue<string>;
  Final_Score__c: FieldValue<number>;
}

/** A competency with the Ids of its behaviours. */
export interface TeamCompetencyNode {
  Id: string;
  Name: FieldValue<string>;
  Dimension__c: FieldValue<string>;
  Job_Behaviors__r: Connection<{ Id: string }>;
}

/** A competency's weight for one sales role. */
export interface TeamRoleCompetencyNode {
  Id: string;
  Sales_Role__c: FieldValue<string>;
  Competency__c: FieldValue<string>;
  Weight__c: FieldValue<number>;
}

/** A career level of a track, with the proficiency it expects. */
export interface TeamCareerLevelNode {
  Id: string;
  Track__c: FieldValue<string>;
  Level__c: FieldValue<number>;
  Expected_Proficiency__c: FieldValue<number>;
}

/** `data` of the Team page's request. */
export interface TeamHeatmapData {
  uiapi: {
    query: {
      User: Connection<TeamRepNode>;
      Assessment__c: Connection<TeamAssessmentNode>;
      Decided: Connection<DecidedAssessmentNode>;
      Competency__c: Connection<TeamCompetencyNode>;
      Role_Competency__c: Connection<TeamRoleCompetencyNode>;
      Career_Level__c: Connection<TeamCareerLevelNode>;
    };
  };
}

/**
 * The career page's one GraphQL request and the shape of its answer: the rep, the career levels
 * of every track, the competency model with the role weights, the rep's submitted manager
 * assessments (newest period first, with their ratings) and the rep's synced snapshots. Levels
 * and weights of every role come back and are narrowed to the rep's track on the client,
 * because the track is only known once the rep is read. The object info of Assessment__c says
 * whether the signed-in user may change its status (the acknowledgement).
 */
import { gql } from 'lightning/graphql';
import type { Connection, FieldValue, ObjectInfo } from 'c/uiApi';

export const CAREER_PATH_QUERY = gql`
  query careerPath($repId: ID) {
    uiapi {
      query {
        User(where: { Id: { eq: $repId } }, first: 1) {
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
            }
          }
        }
        Career_Level__c(first: 200, orderBy: { Level__c: { order: ASC } }) {
          edges {
            node {
              Id
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
              Expected_Proficiency__c {
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
              Dimension__r {
                Name {
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
            and: [
              { Rep__c: { eq: $repId } }
              { Type__c: { eq: "Manager" } }
              { Status__c: { in: ["Submitted", "Acknowledged"] } }
            ]
          }
          orderBy: { Period__c: { order: DESC } }
          first: 8
        ) {
          edges {
            node {
              Id
              Period__c {
                value
              }
              Status__c {
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
              Eligible_Score__c {
                value
              }
              Final_Score__c {
                value
              }
              Acknowledgement_Comment__c {
                value
              }
              Version__c {
                value
              }
              Save_Token__c {
                value
              }
              LastModifiedDate {
                value
                displayValue
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
                    Evidence_Opportunity__r {
                      Name {
                        value
                      }
                    }
                  }
                }
              }
            }
          }
        }
        Performance_Snapshot__c(
          where: { Rep__c: { eq: $repId } }
          orderBy: { Period_End__c: { order: DESC } }
          first: 8
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
              Synced_At__c {
                value
                displayValue
              }
            }
          }
        }
      }
      objectInfos(apiNames: ["Assessment__c"]) {
        ApiName
        updateable
        fields {
          ApiName
          updateable
        }
      }
    }
  }
`;

/** The rep as the query reads them. */
export interface CareerRepNode {
  Id: string;
  Name: FieldValue<string>;
  Sales_Role__c: FieldValue<string>;
  Career_Level__c: FieldValue<number>;
  In_Ramp__c: FieldValue<boolean>;
}

/** A career level with its four expectation texts and expected proficiency. */
export interface CareerLevelNode {
  Id: string;
  Track__c: FieldValue<string>;
  Level__c: FieldValue<number>;
  Title__c: FieldValue<string>;
  Scope_Meeting__c: FieldValue<string>;
  Scope_Exceeding__c: FieldValue<string>;
  Impact_Meeting__c: FieldValue<string>;
  Impact_Exceeding__c: FieldValue<string>;
  Expected_Proficiency__c: FieldValue<number>;
}

/** A behaviour of a competency. */
export interface CareerBehaviorNode {
  Id: string;
  Name: FieldValue<string>;
  Statement__c: FieldValue<string>;
}

/** A competency with its dimension and behaviours. */
export interface CareerCompetencyNode {
  Id: string;
  Name: FieldValue<string>;
  Dimension__c: FieldValue<string>;
  Dimension__r: { Name: FieldValue<string> } | null;
  Job_Behaviors__r: Connection<CareerBehaviorNode> | null;
}

/** A role's weight for a competency. */
export interface CareerWeightNode {
  Id: string;
  Sales_Role__c: FieldValue<string>;
  Competency__c: FieldValue<string>;
  Weight__c: FieldValue<number>;
}

/** A rating of a submitted assessment. */
export interface CareerRatingNode {
  Id: string;
  Job_Behavior__c: FieldValue<string>;
  Rating__c: FieldValue<string>;
  Evidence__c: FieldValue<string>;
  Evidence_Opportunity__r: { Name: FieldValue<string> } | null;
}

/** A submitted or acknowledged manager assessment. */
export interface CareerAssessmentNode {
  Id: string;
  Period__c: FieldValue<string>;
  Status__c: FieldValue<string>;
  Assessor__r: { Name: FieldValue<string> } | null;
  Scope_Rating__c: FieldValue<string>;
  Impact_Rating__c: FieldValue<string>;
  Eligible_Score__c: FieldValue<number>;
  Final_Score__c: FieldValue<number>;
  Acknowledgement_Comment__c: FieldValue<string>;
  Version__c: FieldValue<number>;
  Save_Token__c: FieldValue<string>;
  LastModifiedDate: FieldValue<string>;
  Behavior_Ratings__r: Connection<CareerRatingNode> | null;
}

/** A synced performance snapshot. */
export interface CareerSnapshotNode {
  Id: string;
  Period__c: FieldValue<string>;
  Quota_Attainment__c: FieldValue<number>;
  Win_Rate__c: FieldValue<number>;
  Synced_At__c: FieldValue<string>;
}

/** `data` of the career page's request. */
export interface CareerPathData {
  uiapi: {
    query: {
      User: Connection<CareerRepNode>;
      Career_Level__c: Connection<CareerLevelNode>;
      Competency__c: Connection<CareerCompetencyNode>;
      Role_Competency__c: Connection<CareerWeightNode>;
      Assessment__c: Connection<CareerAssessmentNode>;
      Performance_Snapshot__c: Connection<CareerSnapshotNode>;
    };
    /** What the signed-in user may change on assessments (object and field access). */
    objectInfos?: ObjectInfo[] | null;
  };
}

/**
 * Deal coaching's one GraphQL request, keyed by the Opportunity alone: the deal with its stage and
 * owner, the model's behaviours with the stages they are tagged with, the role weights and career
 * levels, the owner's ratings (found with a semi-join on the opportunity's OwnerId, so no second
 * request waits for the owner), the measured impact of behaviours, and what the user may create.
 */
import { gql } from 'lightning/graphql';
import type { Connection, FieldValue, ObjectInfo } from 'c/uiApi';

export const DEAL_COACHING_QUERY = gql`
  query dealCoaching($opportunityId: ID) {
    uiapi {
      query {
        Opportunity(where: { Id: { eq: $opportunityId } }, first: 1) {
          edges {
            node {
              Id
              Name {
                value
              }
              StageName {
                value
                displayValue
              }
              CloseDate {
                value
              }
              IsClosed {
                value
              }
              OwnerId {
                value
              }
              Owner {
                ... on User {
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
          }
        }
        Competency__c(first: 200, orderBy: { Sort_Order__c: { order: ASC } }) {
          edges {
            node {
              Id
              Name {
                value
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
        Behavior_Rating__c(
          where: {
            Assessment__r: {
              Rep__c: { inq: { Opportunity: { Id: { eq: $opportunityId } }, ApiName: "OwnerId" } }
              Type__c: { in: ["Manager", "Deal Observation"] }
            }
          }
          orderBy: { LastModifiedDate: { order: DESC } }
          first: 2000
        ) {
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
              LastModifiedDate {
                value
              }
              Assessment__r {
                Type__c {
                  value
                }
                Period__c {
                  value
                }
                Opportunity__c {
                  value
                }
                Assessor__r {
                  Name {
                    value
                  }
                }
              }
            }
          }
        }
        Behavior_Impact__c(
          where: { Status__c: { eq: "Computed" }, Metric__c: { in: ["Stage Conversion", "Win Rate"] } }
          orderBy: { Period__c: { order: DESC } }
          first: 2000
        ) {
          edges {
            node {
              Id
              Job_Behavior__c {
                value
              }
              Sales_Role__c {
                value
              }
              Metric__c {
                value
              }
              Stage__c {
                value
              }
              Period__c {
                value
              }
              Rho__c {
                value
              }
              N__c {
                value
              }
              CI_Low__c {
                value
              }
              CI_High__c {
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
      }
    }
  }
`;

/** The deal and its owner. */
export interface DealNode {
  Id: string;
  Name: FieldValue<string>;
  StageName: FieldValue<string>;
  CloseDate: FieldValue<string>;
  IsClosed: FieldValue<boolean>;
  OwnerId: FieldValue<string>;
  Owner: {
    Name: FieldValue<string>;
    Sales_Role__c: FieldValue<string>;
    Career_Level__c: FieldValue<number>;
    In_Ramp__c: FieldValue<boolean>;
  } | null;
}

/** A behaviour with the stages it is tagged with (multi-select: values joined by ';'). */
export interface DealBehaviorNode {
  Id: string;
  Name: FieldValue<string>;
  Statement__c: FieldValue<string>;
  Stages__c: FieldValue<string>;
}

/** A competency with its behaviours. */
export interface DealCompetencyNode {
  Id: string;
  Name: FieldValue<string>;
  Job_Behaviors__r: Connection<DealBehaviorNode>;
}

/** Which competencies a sales role is rated on. */
export interface DealRoleCompetencyNode {
  Id: string;
  Sales_Role__c: FieldValue<string>;
  Competency__c: FieldValue<string>;
}

/** A career level with the proficiency it expects. */
export interface DealCareerLevelNode {
  Id: string;
  Track__c: FieldValue<string>;
  Level__c: FieldValue<number>;
  Expected_Proficiency__c: FieldValue<number>;
}

/** One of the owner's ratings, newest first. */
export interface DealRatingNode {
  Id: string;
  Job_Behavior__c: FieldValue<string>;
  Rating__c: FieldValue<string>;
  Evidence__c: FieldValue<string>;
  Evidence_Opportunity__c: FieldValue<string>;
  LastModifiedDate: FieldValue<string>;
  Assessment__r: {
    Type__c: FieldValue<string>;
    Period__c: FieldValue<string>;
    Opportunity__c: FieldValue<string>;
    Assessor__r: { Name: FieldValue<string> } | null;
  } | null;
}

/** A measured association of a behaviour with an outcome. */
export interface DealImpactNode {
  Id: string;
  Job_Behavior__c: FieldValue<string>;
  Sales_Role__c: FieldValue<string>;
  Metric__c: FieldValue<string>;
  Stage__c: FieldValue<string>;
  Period__c: FieldValue<string>;
  Rho__c: FieldValue<number>;
  N__c: FieldValue<number>;
  CI_Low__c: FieldValue<number>;
  CI_High__c: FieldValue<number>;
}

/** `data` of the deal coaching request. */
export interface DealCoachingData {
  uiapi: {
    query: {
      Opportunity: Connection<DealNode>;
      Competency__c: Connection<DealCompetencyNode>;
      Role_Competency__c: Connection<DealRoleCompetencyNode>;
      Career_Level__c: Connection<DealCareerLevelNode>;
      Behavior_Rating__c: Connection<DealRatingNode>;
      Behavior_Impact__c: Connection<DealImpactNode>;
    };
    objectInfos?: ObjectInfo[];
  };
}

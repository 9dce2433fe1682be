/**
 * The Sales Strategy page's one GraphQL request and the shape of its answer: the 14 areas with
 * their thought starters, and the strategy assessments, newest first, with their answers and
 * importance ratings.
 */
import { gql } from 'lightning/graphql';
import type { Connection, FieldValue, ObjectInfo } from 'c/uiApi';

export const STRATEGY_QUERY = gql`
  query strategyAssessment($areas: Int, $assessments: Int) {
    uiapi {
      query {
        Strategy_Area__c(first: $areas, orderBy: { Sort_Order__c: { order: ASC } }) {
          edges {
            node {
              Id
              Name {
                value
              }
              Group__c {
                value
                displayValue
              }
              Description__c {
                value
              }
              Benefit__c {
                value
              }
              Deliverables__c {
                value
              }
              Thought_Starters__r(first: 50, orderBy: { Sort_Order__c: { order: ASC } }) {
                edges {
                  node {
                    Id
                    Statement__c {
                      value
                    }
                    Polarity__c {
                      value
                    }
                  }
                }
              }
            }
          }
        }
        Strategy_Assessment__c(first: $assessments, orderBy: { CreatedDate: { order: DESC } }) {
          edges {
            node {
              Id
              Name {
                value
              }
              Assessed_On__c {
                value
                displayValue
              }
              Version__c {
                value
              }
              Notes__c {
                value
              }
              Strategy_Answers__r(first: 500) {
                edges {
                  node {
                    Id
                    Thought_Starter__c {
                      value
                    }
                    Answer__c {
                      value
                    }
                  }
                }
              }
              Area_Ratings__r(first: 50) {
                edges {
                  node {
                    Id
                    Strategy_Area__c {
                      value
                    }
                    Importance__c {
                      value
                    }
                  }
                }
              }
            }
          }
        }
      }
      objectInfos(apiNames: ["Strategy_Assessment__c", "Strategy_Answer__c", "Strategy_Area_Rating__c"]) {
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

/** The request's variables: how many areas and assessments to read. */
export const STRATEGY_VARIABLES = { areas: 50, assessments: 20 };

/** A Thought_Starter__c node. */
export interface StatementNode {
  Id: string;
  Statement__c: FieldValue<string>;
  Polarity__c: FieldValue<string>;
}

/** A Strategy_Area__c node with its statements. */
export interface AreaNode {
  Id: string;
  Name: FieldValue<string>;
  Group__c: FieldValue<string>;
  Description__c: FieldValue<string>;
  Benefit__c: FieldValue<string>;
  Deliverables__c: FieldValue<string>;
  Thought_Starters__r: Connection<StatementNode> | null;
}

/** A Strategy_Answer__c node. */
export interface AnswerNode {
  Id: string;
  Thought_Starter__c: FieldValue<string>;
  Answer__c: FieldValue<string>;
}

/** A Strategy_Area_Rating__c node. */
export interface AreaRatingNode {
  Id: string;
  Strategy_Area__c: FieldValue<string>;
  Importance__c: FieldValue<number>;
}

/** A Strategy_Assessment__c node with its answers and ratings. */
export interface StrategyAssessmentNode {
  Id: string;
  Name: FieldValue<string>;
  Assessed_On__c: FieldValue<string>;
  /** Save counter: every save sends the version it read plus one. */
  Version__c?: FieldValue<number>;
  Notes__c: FieldValue<string>;
  Strategy_Answers__r: Connection<AnswerNode> | null;
  Area_Ratings__r: Connection<AreaRatingNode> | null;
}

/** `data` of the request. */
export interface StrategyData {
  uiapi: {
    query: {
      Strategy_Area__c: Connection<AreaNode>;
      Strategy_Assessment__c: Connection<StrategyAssessmentNode>;
    };
    /** Present once the org's UI API answers `objectInfos` in the same request. */
    objectInfos?: ObjectInfo[] | null;
  };
}

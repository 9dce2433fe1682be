/**
 * The Sales Maturity page's one GraphQL request and the shape of its answer: the rubric (every
 * dimension with its five level descriptors) and the maturity assessments, newest first, each with
 * its responses.
 */
import { gql } from 'lightning/graphql';
import type { Connection, FieldValue, ObjectInfo } from 'c/uiApi';

export const MATURITY_QUERY = gql`
  query maturityAssessment($dimensions: Int, $assessments: Int) {
    uiapi {
      query {
        Maturity_Dimension__c(first: $dimensions, orderBy: { Sort_Order__c: { order: ASC } }) {
          edges {
            node {
              Id
              Name {
                value
              }
              Key__c {
                value
              }
              Description__c {
                value
              }
              Level_Descriptors__r(first: 10, orderBy: { Level__c: { order: ASC } }) {
                edges {
                  node {
                    Id
                    Level__c {
                      value
                    }
                    Level_Name__c {
                      value
                      displayValue
                    }
                    Descriptor__c {
                      value
                    }
                  }
                }
              }
            }
          }
        }
        Maturity_Assessment__c(first: $assessments, orderBy: { CreatedDate: { order: DESC } }) {
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
              Level__c {
                value
              }
              Notes__c {
                value
              }
              LastModifiedDate {
                value
                displayValue
              }
              Maturity_Responses__r(first: 50) {
                edges {
                  node {
                    Id
                    Maturity_Dimension__c {
                      value
                    }
                    Level__c {
                      value
                    }
                    Comment__c {
                      value
                    }
                  }
                }
              }
            }
          }
        }
      }
      objectInfos(apiNames: ["Maturity_Assessment__c", "Maturity_Response__c"]) {
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

/** The request's variables: how many dimensions and assessments to read. */
export const MATURITY_VARIABLES = { dimensions: 50, assessments: 50 };

/** A Maturity_Level_Descriptor__c node. */
export interface DescriptorNode {
  Id: string;
  Level__c: FieldValue<number>;
  Level_Name__c: FieldValue<string>;
  Descriptor__c: FieldValue<string>;
}

/** A Maturity_Dimension__c node with its descriptors. */
export interface DimensionNode {
  Id: string;
  Name: FieldValue<string>;
  Key__c: FieldValue<string>;
  Description__c: FieldValue<string>;
  Level_Descriptors__r: Connection<DescriptorNode> | null;
}

/** A Maturity_Response__c node. */
export interface ResponseNode {
  Id: string;
  Maturity_Dimension__c: FieldValue<string>;
  Level__c: FieldValue<number>;
  Comment__c: FieldValue<string>;
}

/** A Maturity_Assessment__c node with its responses. */
export interface AssessmentNode {
  Id: string;
  Name: FieldValue<string>;
  Assessed_On__c: FieldValue<string>;
  /** Save counter: every save sends the version it read plus one. */
  Version__c?: FieldValue<number>;
  Level__c: FieldValue<number>;
  Notes__c: FieldValue<string>;
  LastModifiedDate: FieldValue<string>;
  Maturity_Responses__r: Connection<ResponseNode> | null;
}

/** `data` of the request. */
export interface MaturityData {
  uiapi: {
    query: {
      Maturity_Dimension__c: Connection<DimensionNode>;
      Maturity_Assessment__c: Connection<AssessmentNode>;
    };
    /** Present once the org's UI API answers `objectInfos` in the same request. */
    objectInfos?: ObjectInfo[] | null;
  };
}

/**
 * The calibration view's one GraphQL request: every manager assessment of the period the user may
 * read, with its assessor, its scores, how many behaviours it rated 1 to 5 (roll-ups), and the field history of its final score and override
 * reason (who changed them, and when), plus what the user may update.
 */
import { gql } from 'lightning/graphql';
import type { Connection, FieldValue, ObjectInfo } from 'c/uiApi';

export const CALIBRATION_QUERY = gql`
  query calibrationView($period: String) {
    uiapi {
      query {
        Assessment__c(
          where: { and: [{ Period__c: { eq: $period } }, { Type__c: { eq: "Manager" } }] }
          orderBy: { Rep__r: { Name: { order: ASC } } }
          first: 2000
        ) {
          edges {
            node {
              Id
              Rep__c {
                value
              }
              Rep__r {
                Name {
                  value
                }
              }
              Assessor__c {
                value
              }
              Assessor__r {
                Name {
                  value
                }
              }
              Status__c {
                value
              }
              In_Ramp__c {
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
              Override_Reason__c {
                value
              }
              Needs_Calibration__c {
                value
              }
              Rated_1_Count__c {
                value
              }
              Rated_2_Count__c {
                value
              }
              Rated_3_Count__c {
                value
              }
              Rated_4_Count__c {
                value
              }
              Rated_5_Count__c {
                value
              }
              Version__c {
                value
              }
              Save_Token__c {
                value
              }
              Histories(
                where: { Field: { in: ["Final_Score__c", "Override_Reason__c"] } }
                orderBy: { CreatedDate: { order: DESC } }
                first: 20
              ) {
                edges {
                  node {
                    Id
                    Field {
                      value
                    }
                    OldValue {
                      value
                    }
                    NewValue {
                      value
                    }
                    CreatedDate {
                      value
                    }
                    CreatedBy {
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
      }
      objectInfos(apiNames: ["Assessment__c"]) {
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

/** One change of the final score or the override reason. */
export interface HistoryNode {
  Id: string;
  Field: FieldValue<string>;
  OldValue: FieldValue<string>;
  NewValue: FieldValue<string>;
  CreatedDate: FieldValue<string>;
  CreatedBy: { Name: FieldValue<string> } | null;
}

/** A manager assessment of the period. */
export interface CalibrationAssessmentNode {
  Id: string;
  Rep__c: FieldValue<string>;
  Rep__r: { Name: FieldValue<string> } | null;
  Assessor__c: FieldValue<string>;
  Assessor__r: { Name: FieldValue<string> } | null;
  Status__c: FieldValue<string>;
  In_Ramp__c: FieldValue<boolean>;
  Overall_Score__c: FieldValue<number>;
  Eligible_Score__c: FieldValue<number>;
  Final_Score__c: FieldValue<number>;
  Override_Reason__c: FieldValue<string>;
  Needs_Calibration__c: FieldValue<boolean>;
  /** Roll-ups: how many behaviours of the assessment are rated 1, 2, 3, 4 and 5. */
  Rated_1_Count__c: FieldValue<number>;
  Rated_2_Count__c: FieldValue<number>;
  Rated_3_Count__c: FieldValue<number>;
  Rated_4_Count__c: FieldValue<number>;
  Rated_5_Count__c: FieldValue<number>;
  Version__c: FieldValue<number>;
  Save_Token__c: FieldValue<string>;
  Histories: Connection<HistoryNode>;
}

/** `data` of the calibration request. */
export interface CalibrationData {
  uiapi: {
    query: { Assessment__c: Connection<CalibrationAssessmentNode> };
    objectInfos?: ObjectInfo[];
  };
}

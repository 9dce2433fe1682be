/**
 * The Behaviour Impact page's one GraphQL request: the impact results the sync wrote, newest
 * period first, each with its behaviour and competency names.
 */
import { gql } from 'lightning/graphql';
import type { Connection, FieldValue } from 'c/uiApi';

export const IMPACT_QUERY = gql`
  query behaviorImpact($first: Int) {
    uiapi {
      query {
        Behavior_Impact__c(first: $first, orderBy: { Period__c: { order: DESC } }) {
          edges {
            node {
              Id
              Period__c {
                value
              }
              Sales_Role__c {
                value
                displayValue
              }
              Metric__c {
                value
                displayValue
              }
              Stage__c {
                value
              }
              Status__c {
                value
              }
              N__c {
                value
              }
              Rho__c {
                value
              }
              CI_Low__c {
                value
              }
              CI_High__c {
                value
              }
              Q_Value__c {
                value
              }
              Significant__c {
                value
              }
              Job_Behavior__r {
                Name {
                  value
                }
              }
              Competency__r {
                Name {
                  value
                }
              }
            }
          }
          pageInfo {
            hasNextPage
          }
        }
      }
    }
  }
`;

/** The request's variables: a subquery returns at most 2000 records. */
export const IMPACT_VARIABLES = { first: 2000 };

/** A Behavior_Impact__c node. */
export interface ImpactNode {
  Id: string;
  Period__c: FieldValue<string>;
  Sales_Role__c: FieldValue<string>;
  Metric__c: FieldValue<string>;
  Stage__c: FieldValue<string>;
  Status__c: FieldValue<string>;
  N__c: FieldValue<number>;
  Rho__c: FieldValue<number>;
  CI_Low__c: FieldValue<number>;
  CI_High__c: FieldValue<number>;
  Q_Value__c: FieldValue<number>;
  Significant__c: FieldValue<boolean>;
  Job_Behavior__r: { Name: FieldValue<string> } | null;
  Competency__r: { Name: FieldValue<string> } | null;
}

/** `data` of the request. */
export interface ImpactData {
  uiapi: { query: { Behavior_Impact__c: Connection<ImpactNode> } };
}

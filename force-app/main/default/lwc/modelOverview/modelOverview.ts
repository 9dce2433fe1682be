/**
 * "About this model" card for the app home: what the installed competency model holds, read in
 * one GraphQL request, so an admin can see at a glance that the content is loaded and complete.
 */
import { LightningElement, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import type { GraphQLResult } from 'lightning/graphql';
import { describeLoadErrors } from 'c/errors';
import { nodesOf, textOf } from 'c/uiApi';
import type { Connection, FieldValue } from 'c/uiApi';

/** One dimension record as the overview query reads it. */
interface DimensionNode {
  Id: string;
  Name: FieldValue<string>;
  Description__c: FieldValue<string>;
}

interface Count {
  totalCount: number;
}

/** The shape of the overview query's `data.uiapi.query`. */
export interface OverviewData {
  uiapi: {
    query: {
      Competency_Dimension__c: Connection<DimensionNode> & { totalCount: number };
      Competency__c: Count;
      Job_Behavior__c: Count;
      Career_Level__c: Count;
      Performance_Band__c: Count;
    };
  };
}

/** One dimension line shown in the card. */
export interface DimensionView {
  id: string;
  name: string;
  description: string;
}

export const OVERVIEW_QUERY = gql`
  query modelOverview {
    uiapi {
      query {
        Competency_Dimension__c(first: 50, orderBy: { Sort_Order__c: { order: ASC } }) {
          edges {
            node {
              Id
              Name {
                value
              }
              Description__c {
                value
              }
            }
          }
          totalCount
        }
        Competency__c {
          totalCount
        }
        Job_Behavior__c {
          totalCount
        }
        Career_Level__c {
          totalCount
        }
        Performance_Band__c {
          totalCount
        }
      }
    }
  }
`;

export default class ModelOverview extends LightningElement {
  dimensions: DimensionView[] = [];
  counts: { label: string; value: number }[] = [];
  errorMessage: string | undefined;
  loaded = false;

  @wire(graphql, { query: OVERVIEW_QUERY })
  wiredOverview(result: GraphQLResult<OverviewData> | undefined): void {
    if (!result) return;
    const { data, errors } = result;
    if (errors && errors.length) {
      this.errorMessage = describeLoadErrors('The model', errors);
      this.loaded = true;
      return;
    }
    if (!data) return;
    const q = data.uiapi.query;
    this.errorMessage = undefined;
    this.dimensions = nodesOf(q.Competency_Dimension__c).map((node) => ({
      id: node.Id,
      name: textOf(node.Name),
      description: textOf(node.Description__c)
    }));
    this.counts = [
      { label: 'Dimensions', value: q.Competency_Dimension__c.totalCount },
      { label: 'Competencies', value: q.Competency__c.totalCount },
      { label: 'Job behaviours', value: q.Job_Behavior__c.totalCount },
      { label: 'Career levels', value: q.Career_Level__c.totalCount },
      { label: 'Performance bands', value: q.Performance_Band__c.totalCount }
    ];
    this.loaded = true;
  }

  get isEmpty(): boolean {
    return this.loaded && !this.errorMessage && this.dimensions.length === 0;
  }

  get hasDimensions(): boolean {
    return this.dimensions.length > 0;
  }
}

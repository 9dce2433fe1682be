/**
 * The per-record error shape of save results (sObject Collections, sObject Tree): Salesforce names
 * the code `statusCode` there, unlike the `errorCode` of a failed single-record request.
 */
import { SfError, type SfErrorBody } from './store';

/** One error of an sObject Collections (or sObject Tree) result: Salesforce names the code statusCode. */
export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** The per-record errors of a failed write, in the shape save results carry. */
export function saveErrorsOf(err: unknown): SaveError[] {
  const list: SfErrorBody[] =
    err instanceof SfError
      ? err.errors
      : [{ message: String((err as Error).message ?? err), errorCode: 'UNKNOWN_EXCEPTION', fields: [] }];
  return list.map((e) => ({ statusCode: e.errorCode, message: e.message, fields: e.fields }));
}

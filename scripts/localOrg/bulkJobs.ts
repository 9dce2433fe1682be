/**
 * What Bulk API 2.0 query and ingest jobs share: the job-info body both kinds answer with.
 */

/** The job-info body Bulk API 2.0 returns for query and ingest jobs alike, plus each kind's own fields. */
export function bulkJobInfo(
  job: {
    id: string;
    operation: string;
    object: string;
    createdDate: string;
    state: string;
    apiVersion: string | number;
  },
  createdById: string,
  own: Record<string, unknown>
): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById,
    createdDate: job.createdDate,
    systemModstamp: job.createdDate,
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
    retries: 0,
    ...own
  };
}

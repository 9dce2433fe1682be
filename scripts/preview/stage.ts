/**
 * The stage the screenshots, the browser tests and the screen benchmarks share: one local org with
 * the default content and a seeded sales team (so every persona exists), and the preview server
 * in front of it. Demo and test tooling only; the preview server itself never imports the org.
 */
import { startLocalOrg, type LocalOrg } from '../localOrg/index';
import { startPreview, type Preview } from './server';

/** A running org with the preview in front of it. */
export interface Stage {
  org: LocalOrg;
  preview: Preview;
  close: () => Promise<void>;
}

/** Starts the org (content, a small team with assessments, validation rules) and the preview. */
export async function startStage(options: { reps?: number; port?: number } = {}): Promise<Stage> {
  const org = await startLocalOrg({
    plans: true,
    seed: { reps: options.reps ?? 24, quarters: 2, assessments: true },
    validationRules: true
  });
  const preview = await startPreview({ orgUrl: org.url, accessToken: org.accessToken, port: options.port });
  return {
    org,
    preview,
    close: async () => {
      await new Promise<void>((resolve) => preview.server.close(() => resolve()));
      await org.close();
    }
  };
}

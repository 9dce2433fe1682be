/**
 * The lines `npm run demo` prints about the preview: where it opens and which persona to pick for
 * what, with direct links to the pages each one works on.
 */
import type { Site } from './site';

/** A persona as the local org lists it. */
export interface GuidePersona {
  id: string;
  name: string;
}

/**
 * Who to pick for what; `calibratorRep` is a rep the calibrator manages and `deal` an open
 * opportunity of the rep persona, for direct links.
 */
export function personaGuide(
  url: string,
  personas: Partial<Record<'admin' | 'manager' | 'rep' | 'calibrator' | 'leader', GuidePersona>>,
  site: Site,
  calibratorRep?: string,
  deal?: string
): string[] {
  const base = url.endsWith('/') ? url : `${url}/`;
  const user = (id: string): string => `${base}lightning/r/User/${id}/view`;
  // My Career is the rep's page; Calibration the calibrators' and the leader's; the rest the managers'.
  const pages = (skip: string[]): string => {
    const tabs = Object.entries(site.appPageTabs)
      .filter(([name]) => !skip.includes(name))
      .map(([name, tab]) => `${tab.label} (${base}lightning/n/${name})`);
    return tabs.length ? `; app pages: ${tabs.join(', ')}` : '';
  };
  const appPages = pages(['My_Career', 'Calibration']);
  const leaderPages = pages(['My_Career']);
  const dealLink = deal ? `; coach a deal at ${base}lightning/r/Opportunity/${deal}/view` : '';
  const lines = [
    `Screens: ${base}lightning/page/home`,
    'Pick a persona under "View as" (top right): each is that user\'s own session in the local org, with',
    "that user's permissions and sharing; the tokens stay in the preview server.",
    ''
  ];
  const { admin, manager, rep, calibrator, leader } = personas;
  if (manager)
    lines.push(
      `  Manager (${manager.name}): rate a rep and submit${rep ? `, e.g. ${rep.name} at ${user(rep.id)}` : ''}${dealLink}${appPages}`
    );
  if (rep)
    lines.push(
      `  Rep (${rep.name}): My Career (level, promotion checklist, acknowledgement, self-assessment) at ${base}lightning/n/My_Career; their manager's assessment, read-only, at ${user(rep.id)}`
    );
  if (calibrator)
    lines.push(
      `  Calibrator (${calibrator.name}): override a final score with a reason${calibratorRep ? ` at ${user(calibratorRep)}` : ''}${site.appPageTabs.Calibration ? `, or on Calibration (${base}lightning/n/Calibration)` : ''}`
    );
  if (leader) lines.push(`  Sales leader (${leader.name}): every team's reps and assessments${leaderPages}`);
  if (admin)
    lines.push(
      `  Administrator (${admin.name}): the model: Home shows what it holds, the ${site.app.navItems.length - 1} object tabs its records`
    );
  return lines;
}

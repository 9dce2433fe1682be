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

/** Who to pick for what; `calibratorRep` is a rep the calibrator manages, for a direct link. */
export function personaGuide(
  url: string,
  personas: Partial<Record<'admin' | 'manager' | 'rep' | 'calibrator' | 'leader', GuidePersona>>,
  site: Site,
  calibratorRep?: string
): string[] {
  const base = url.endsWith('/') ? url : `${url}/`;
  const user = (id: string): string => `${base}lightning/r/User/${id}/view`;
  // My Career is the rep's page; the other app pages are the managers' and the leader's.
  const tabs = Object.entries(site.appPageTabs)
    .filter(([name]) => name !== 'My_Career')
    .map(([name, tab]) => `${tab.label} (${base}lightning/n/${name})`);
  const appPages = tabs.length ? `; app pages: ${tabs.join(', ')}` : '';
  const lines = [
    `Screens: ${base}lightning/page/home`,
    'Pick a persona under "View as" (top right): each is that user\'s own session in the local org, with',
    "that user's permissions and sharing; the tokens stay in the preview server.",
    ''
  ];
  const { admin, manager, rep, calibrator, leader } = personas;
  if (manager)
    lines.push(
      `  Manager (${manager.name}): rate a rep and submit${rep ? `, e.g. ${rep.name} at ${user(rep.id)}` : ''}${appPages}`
    );
  if (rep)
    lines.push(
      `  Rep (${rep.name}): My Career (level, promotion checklist, acknowledgement, self-assessment) at ${base}lightning/n/My_Career; their manager's assessment, read-only, at ${user(rep.id)}`
    );
  if (calibrator)
    lines.push(
      `  Calibrator (${calibrator.name}): override a final score with a reason${calibratorRep ? ` at ${user(calibratorRep)}` : ''}`
    );
  if (leader) lines.push(`  Sales leader (${leader.name}): every team's reps and assessments${appPages}`);
  if (admin)
    lines.push(
      `  Administrator (${admin.name}): the model: Home shows what it holds, the ${site.app.navItems.length - 1} object tabs its records`
    );
  return lines;
}

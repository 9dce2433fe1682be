/**
 * The page's session context, written by the preview server into the page: which persona is
 * signed in (user id and name), the personas one may switch to, and no token (tokens stay on the
 * server).
 */

/** A persona the preview can switch to. */
export interface PersonaInfo {
  key: string;
  label: string;
  name: string;
  userId: string;
}

/** What the server tells the page about its session. */
export interface PreviewContext {
  persona: string;
  userId: string;
  userName: string;
  /** Custom permissions the persona's permission sets grant. */
  customPermissions: string[];
  /** Tabs the persona's permission sets show; absent for the administrator, who sees every tab. */
  tabs?: string[];
  personas: PersonaInfo[];
}

let cached: PreviewContext | undefined;

/** Reads the context the server embedded (`<script type="application/json" id="preview-context">`). */
export function previewContext(): PreviewContext {
  if (cached) return cached;
  const element = document.getElementById('preview-context');
  if (!element?.textContent) throw new Error('The preview page carries no #preview-context element');
  cached = JSON.parse(element.textContent) as PreviewContext;
  return cached;
}

/** Salesforce's form factor for the window the page opened in (phones are Small). */
export function formFactorOf(width: number): 'Small' | 'Medium' | 'Large' {
  return width < 768 ? 'Small' : width < 1024 ? 'Medium' : 'Large';
}

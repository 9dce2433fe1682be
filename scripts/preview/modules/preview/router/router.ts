/**
 * The preview's one router: the current page reference, moves through the browser history, and
 * the listeners (the shell and CurrentPageReference wires) told of each move.
 */
import { parseUrl, urlFor, type PageRef } from '../routes/routes';

type Listener = (ref: PageRef | undefined) => void;

const listeners = new Set<Listener>();
let current = parseUrl(location.pathname + location.search);

function changed(): void {
  current = parseUrl(location.pathname + location.search);
  for (const listener of listeners) listener(current);
}

window.addEventListener('popstate', changed);

/** The page reference of the address bar (undefined when it is not an app URL). */
export function currentPageRef(): PageRef | undefined {
  return current;
}

/** Opens a page reference: a new history entry, or a replaced one. */
export function navigate(ref: PageRef, replace = false): void {
  const url = urlFor(ref);
  if (ref.type === 'standard__webPage') {
    window.open(url, '_blank', 'noopener');
    return;
  }
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.scrollTo(0, 0);
  changed();
}

/** Opens an app URL (a link's href) as navigation does. */
export function navigateToUrl(url: string): boolean {
  const ref = parseUrl(url);
  if (!ref) return false;
  history.pushState(null, '', url);
  window.scrollTo(0, 0);
  changed();
  return true;
}

/** Calls the listener on every move; returns the unsubscribe function. */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Lightning Experience URLs and page references, both ways: `urlFor` writes the URL a page
 * reference opens (what NavigationMixin.GenerateUrl answers), `parseUrl` reads one back. Pure, so
 * node tests check the same mapping the browser uses.
 */

/** A page reference as `lightning/navigation` takes it. */
export interface PageRef {
  type: string;
  attributes: Record<string, string | undefined>;
  state?: Record<string, string | undefined>;
}

/** Key prefixes of standard objects, for record URLs that omit the object. */
const KEY_PREFIXES: Record<string, string> = {
  '001': 'Account',
  '003': 'Contact',
  '005': 'User',
  '006': 'Opportunity',
  '00Q': 'Lead'
};

const enc = encodeURIComponent;

function query(state: PageRef['state']): string {
  const entries = Object.entries(state ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length ? `?${entries.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}` : '';
}

function need(ref: PageRef, name: string): string {
  const value = ref.attributes?.[name];
  if (!value) throw new Error(`A ${ref.type} page reference needs attributes.${name}`);
  return value;
}

/** The URL a page reference opens in the app. */
export function urlFor(ref: PageRef): string {
  switch (ref.type) {
    case 'standard__namedPage':
      return `/lightning/page/${enc(need(ref, 'pageName'))}${query(ref.state)}`;
    case 'standard__navItemPage':
      return `/lightning/n/${enc(need(ref, 'apiName'))}${query(ref.state)}`;
    case 'standard__objectPage':
      return `/lightning/o/${enc(need(ref, 'objectApiName'))}/${enc(ref.attributes.actionName ?? 'home')}${query(ref.state)}`;
    case 'standard__recordPage': {
      const id = need(ref, 'recordId');
      const object = ref.attributes.objectApiName ?? KEY_PREFIXES[id.slice(0, 3)];
      const action = enc(ref.attributes.actionName ?? 'view');
      return `/lightning/r/${object ? `${enc(object)}/` : ''}${enc(id)}/${action}${query(ref.state)}`;
    }
    case 'standard__component':
      return `/lightning/cmp/${enc(need(ref, 'componentName'))}${query(ref.state)}`;
    case 'standard__webPage':
      return need(ref, 'url');
    default:
      throw new Error(`The preview cannot navigate to a page reference of type ${ref.type}`);
  }
}

/** The page reference of an app URL (path and query), or undefined when it is not one. */
export function parseUrl(pathAndQuery: string): PageRef | undefined {
  const url = new URL(pathAndQuery, 'http://preview');
  const state: Record<string, string> = {};
  url.searchParams.forEach((v, k) => {
    if (k !== 'persona') state[k] = v;
  });
  const withState = (ref: PageRef): PageRef => (Object.keys(state).length ? { ...ref, state } : ref);
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'lightning') return undefined;
  const [, kind, a, b, c] = parts;
  if (kind === 'page' && a && parts.length === 3)
    return withState({ type: 'standard__namedPage', attributes: { pageName: a } });
  if (kind === 'n' && a && parts.length === 3)
    return withState({ type: 'standard__navItemPage', attributes: { apiName: a } });
  if (kind === 'o' && a && parts.length <= 4)
    return withState({
      type: 'standard__objectPage',
      attributes: { objectApiName: a, actionName: b ?? 'home' }
    });
  if (kind === 'r' && a && b && parts.length === 5 && c)
    return withState({
      type: 'standard__recordPage',
      attributes: { objectApiName: a, recordId: b, actionName: c }
    });
  if (kind === 'r' && a && b && parts.length === 4)
    return withState({
      type: 'standard__recordPage',
      attributes: { objectApiName: KEY_PREFIXES[a.slice(0, 3)], recordId: a, actionName: b }
    });
  if (kind === 'cmp' && a && parts.length === 3)
    return withState({ type: 'standard__component', attributes: { componentName: a } });
  return undefined;
}

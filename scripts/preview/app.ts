/**
 * Browser entry of the preview: mounts the component named in the page's `?c=` parameter
 * (kebab-case, e.g. `c-model-overview`) so each screen can be seen and tested on its own.
 */
import '@lwc/synthetic-shadow';
import { createElement, type LightningElement } from 'lwc';
import ModelOverview from 'c/modelOverview';

const COMPONENTS: Record<string, typeof LightningElement> = {
  'c-model-overview': ModelOverview
};

const name = new URLSearchParams(location.search).get('c') ?? 'c-model-overview';
const root = document.getElementById('root')!;
const ctor = COMPONENTS[name];
if (ctor) {
  root.appendChild(createElement(name, { is: ctor }));
} else {
  const p = document.createElement('p');
  p.textContent = `Unknown component ${name}. Known: ${Object.keys(COMPONENTS).join(', ')}`;
  root.appendChild(p);
}

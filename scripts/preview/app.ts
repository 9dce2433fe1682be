/**
 * Browser entry of the preview: mounts the Lightning Experience shell, which shows the page of the
 * address bar (`/lightning/...`) as the persona the server signed the page in as.
 */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import App from './modules/preview/app/app';

document.getElementById('root')!.appendChild(createElement('preview-app', { is: App }));

import './styles.css';
import { ApiError, get } from './api';
import { h, notice, show } from './dom';
import { current, useSettings, type Settings } from './format';
import { session } from './session';
import { casePage } from './pages/case';
import { casesPage } from './pages/cases';
import { hotelsPage } from './pages/hotels';
import { householdPage } from './pages/household';
import { loginPage } from './pages/login';
import { personPage, personsPage } from './pages/persons';

/** What a page gets: where it draws, the route's parameters, and a signal that aborts when the user leaves it. */
export interface PageContext {
  root: HTMLElement;
  params: string[];
  query: URLSearchParams;
  leaving: AbortSignal;
}

type Page = (context: PageContext) => Promise<void> | void;

// The graph and chart libraries load with the pages that draw them.
const chainPage: Page = async context => (await import('./pages/chain')).chainPage(context);
const venuePage: Page = async context => (await import('./pages/venue')).venuePage(context);
const bulletinPage: Page = async context => (await import('./pages/bulletin')).bulletinPage(context);

// Hash routes (#/cases/c-1): the host serves one page, and the key never appears in a URL.
const routes: [RegExp, Page][] = [
  [/^\/cases$/, casesPage],
  [/^\/cases\/([^/]+)$/, casePage],
  [/^\/chain\/([^/]+)$/, chainPage],
  [/^\/persons$/, personsPage],
  [/^\/persons\/([^/]+)$/, personPage],
  [/^\/households\/([^/]+)$/, householdPage],
  [/^\/venues\/([^/]+)$/, venuePage],
  [/^\/hotels$/, hotelsPage],
  [/^\/bulletin$/, bulletinPage],
];

const app = document.getElementById('app')!;
let leaving = new AbortController();
let signedIn = false;

function drawFrame(): void {
  show(document.getElementById('nav')!, ...(signedIn ? [
    h('a', { href: '#/cases' }, '病例'),
    h('a', { href: '#/persons' }, '人员检索'),
    h('a', { href: '#/hotels' }, '隔离酒店'),
    h('a', { href: '#/bulletin' }, '每日通报'),
  ] : []));
  show(document.getElementById('who')!, ...(signedIn ? [
    `角色：${current().role === 'admin' ? '管理员' : '流调员'} · 时区 ${current().timeZone} `,
    h('button', { type: 'button', class: 'link', onclick: () => { session.signOut(); signedIn = false; location.hash = '#/login'; void route(); } }, '退出'),
  ] : []));
}

/** Checks the key kept in this tab against the API and loads the zone and labels; false when there is none or it is refused. */
export async function signIn(): Promise<boolean> {
  if (!session.key) return false;
  try {
    useSettings(await get<Settings>('/api/console/settings'));
    signedIn = true;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      session.signOut();
      signedIn = false;
      throw error;
    }
    throw error;
  }
  drawFrame();
  return true;
}

async function route(): Promise<void> {
  leaving.abort();
  leaving = new AbortController();
  const [path, search] = (location.hash.slice(1) || '/cases').split('?');
  const context = { root: app, params: [] as string[], query: new URLSearchParams(search ?? ''), leaving: leaving.signal };
  if (!signedIn) {
    try {
      if (!(await signIn())) {
        drawFrame();
        return loginPage({ ...context, params: [path] });
      }
    } catch (error) {
      drawFrame();
      return loginPage({ ...context, params: [path], query: new URLSearchParams({ error: (error as Error).message }) });
    }
  }
  for (const [pattern, page] of routes) {
    const match = pattern.exec(path);
    if (match) {
      show(app, notice('加载中…'));
      try {
        await page({ ...context, params: match.slice(1).map(decodeURIComponent) });
      } catch (error) {
        if (!leaving.signal.aborted) show(app, notice((error as Error).message, 'error'));
      }
      return;
    }
  }
  location.hash = '#/cases';
}

window.addEventListener('hashchange', () => void route());
void route();

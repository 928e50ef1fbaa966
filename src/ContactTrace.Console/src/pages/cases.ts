import { get, query, stream, type Page } from '../api';
import { h, link, notice, show } from '../dom';
import { channel, classifications, current, district, label, time, traceStatuses } from '../format';
import type { CaseItem } from '../models';
import type { PageContext } from '../main';

const filterNames = ['district', 'channel', 'classification', 'status', 'clusterId', 'from', 'to'] as const;

function select(name: string, caption: string, options: [string, string][], value: string | null): HTMLSelectElement {
  return h('select', { name, 'aria-label': caption },
    h('option', { value: '' }, `${caption}：全部`),
    options.map(([code, text]) => h('option', { value: code, selected: code === value }, text)));
}

function statusOf(item: CaseItem): string {
  return item.withdrawnAt ? 'withdrawn' : item.trace.status;
}

/** Whether a case that arrived on the stream belongs in the list as filtered. */
function matches(item: CaseItem, filters: URLSearchParams): boolean {
  const wanted = (name: string) => filters.get(name);
  return (!wanted('district') || item.district === wanted('district'))
    && (!wanted('channel') || item.discoveryChannel === wanted('channel'))
    && (!wanted('classification') || item.classification === wanted('classification'))
    && (!wanted('clusterId') || item.clusterId === wanted('clusterId'))
    && (!wanted('status') || statusOf(item) === wanted('status'))
    && !wanted('from') && !wanted('to'); // a list of past days takes no new cases
}

const newerFirst = (a: CaseItem, b: CaseItem) => b.reportedAt.localeCompare(a.reportedAt) || (b.caseId < a.caseId ? -1 : b.caseId > a.caseId ? 1 : 0);

/** The case list: filters, newest report first, more on demand, and live updates as cases arrive and traces finish. */
export async function casesPage({ root, query: filters, leaving }: PageContext): Promise<void> {
  const shown = new Map<string, CaseItem>();
  const fresh = new Set<string>();
  let next: string | null = null;
  const body = h('tbody', {});
  const live = h('span', { class: 'live', id: 'live-status' }, '正在连接实时更新…');
  const more = h('button', { type: 'button', class: 'secondary' }, '加载更多');

  const form = h('form', { class: 'filters' },
    select('district', '区县', current().districts.map(d => [d.code, d.label]), filters.get('district')),
    select('channel', '发现途径', current().channels.map(c => [c.code, c.label]), filters.get('channel')),
    select('classification', '分类', Object.entries(classifications), filters.get('classification')),
    select('status', '状态', Object.entries(traceStatuses), filters.get('status')),
    h('input', { name: 'clusterId', placeholder: '聚集性疫情编号', value: filters.get('clusterId') ?? '', size: 14 }),
    h('label', {}, '报告日期 ', h('input', { type: 'date', name: 'from', value: filters.get('from') ?? '' })),
    h('label', {}, '至 ', h('input', { type: 'date', name: 'to', value: filters.get('to') ?? '' })),
    h('button', { type: 'submit' }, '筛选'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const values = new URLSearchParams();
    for (const name of filterNames) {
      const value = (form.elements.namedItem(name) as HTMLInputElement).value.trim();
      if (value) values.set(name, value);
    }
    location.hash = `#/cases?${values}`;
  });

  function draw(): void {
    const items = [...shown.values()].sort(newerFirst);
    body.replaceChildren(...items.map(item => h('tr', { class: fresh.has(item.caseId) ? 'fresh' : '', 'data-case': item.caseId },
      h('td', {}, link(`#/cases/${encodeURIComponent(item.caseId)}`, item.caseId)),
      h('td', {}, time(item.reportedAt)),
      h('td', {}, label(classifications, item.classification)),
      h('td', {}, district(item.district)),
      h('td', {}, channel(item.discoveryChannel)),
      h('td', {}, h('span', { class: `status ${statusOf(item)}` }, label(traceStatuses, statusOf(item)))),
      h('td', { class: 'number' }, String(item.trace.closeContacts)),
      h('td', { class: 'number' }, String(item.trace.secondaryContacts)),
      h('td', {}, item.clusterId === item.caseId ? '—' : link(`#/chain/${encodeURIComponent(item.caseId)}`, item.clusterId)))));
    more.hidden = next === null;
  }

  async function load(after: string | null): Promise<void> {
    const page = await get<Page<CaseItem>>(`/api/cases${query({ ...Object.fromEntries(filters), after, limit: 50 })}`);
    for (const item of page.items) shown.set(item.caseId, item);
    next = page.next;
    draw();
  }

  more.addEventListener('click', () => void load(next));
  show(root,
    h('h1', {}, '病例列表'),
    form,
    h('p', { class: 'toolbar' }, live),
    h('table', { class: 'list', id: 'case-list' },
      h('thead', {}, h('tr', {}, ['病例编号', '报告时间', '分类', '区县', '发现途径', '流调状态', '密接', '次密接', '聚集性疫情'].map(t => h('th', {}, t)))),
      body),
    more);
  await load(null);
  if (shown.size === 0) root.insertBefore(notice('没有符合条件的病例。新报告的病例会自动出现在这里。'), more);

  // Live updates: the case stream (fetch with the key in the header); if it cannot be held, poll the first page.
  let lastEventId: string | null = null;
  const receive = (item: CaseItem) => {
    if (!shown.has(item.caseId) && !matches(item, filters)) return;
    const oldest = [...shown.values()].sort(newerFirst).at(-1);
    if (shown.has(item.caseId) || next === null || !oldest || newerFirst(item, oldest) <= 0) {
      shown.set(item.caseId, item);
      fresh.add(item.caseId);
      draw();
    }
  };
  const poll = async () => {
    const page = await get<Page<CaseItem>>(`/api/cases${query({ ...Object.fromEntries(filters), limit: 50 })}`);
    page.items.forEach(receive);
  };
  void (async () => {
    while (!leaving.aborted) {
      try {
        await stream('/api/cases/stream', lastEventId, event => {
          lastEventId = event.id ?? lastEventId;
          if (event.event === 'ready') show(live, '● 实时更新中');
          if (event.event === 'case') receive(JSON.parse(event.data) as CaseItem);
        }, leaving);
      } catch {
        if (leaving.aborted) return;
      }
      if (leaving.aborted) return;
      show(live, '实时连接中断，每 10 秒刷新一次…');
      await new Promise(resolve => setTimeout(resolve, 10000));
      if (!leaving.aborted) await poll().catch(() => undefined);
    }
  })();
}

import { ApiError, get, query, send, type Page } from '../api';
import { h, link, notice, show, table } from '../dom';
import { categories, channel, cityNowWall, cityWallTimeToIso, classifications, district, label, settingsOfContact, time, traceStatuses } from '../format';
import type { CaseItem, Contact, ReportedContact } from '../models';
import type { PageContext } from '../main';
import { assignmentText, evidenceList, personLink } from './evidence';

const tabs: { category: string; tier: number; title: string }[] = [
  { category: 'close-contact', tier: 1, title: '密切接触者' },
  { category: 'venue-exposed', tier: 1, title: '场所暴露人员' },
  { category: 'secondary-contact', tier: 2, title: '次密接' },
  { category: 'home-isolation', tier: 2, title: '共同居住人员' },
];

/** A case: its record, trace progress, contacts by tier and category with their evidence, interview notes, and actions. */
export async function casePage({ root, params: [caseId], leaving }: PageContext): Promise<void> {
  const path = `/api/cases/${encodeURIComponent(caseId)}`;
  let item = await get<CaseItem>(path);
  const header = h('section', { class: 'card' });
  const progress = h('section', { class: 'card', id: 'trace-progress' });
  const contacts = h('section', { class: 'card', id: 'contacts' });
  const reported = h('section', { class: 'card', id: 'reported' });
  const actions = h('section', { class: 'card', id: 'actions' });
  let tab = tabs[0];

  function drawHeader(): void {
    show(header,
      h('h1', {}, `病例 ${item.caseId}`, item.withdrawnAt ? h('span', { class: 'badge withdrawn' }, '已撤销') : null),
      h('dl', { class: 'facts' },
        h('dt', {}, '人员'), h('dd', {}, personLink(item.personId)),
        h('dt', {}, '分类'), h('dd', {}, label(classifications, item.classification)),
        h('dt', {}, '区县'), h('dd', {}, district(item.district)),
        h('dt', {}, '发现途径'), h('dd', {}, channel(item.discoveryChannel)),
        h('dt', {}, '报告时间'), h('dd', {}, time(item.reportedAt)),
        h('dt', {}, '采样时间'), h('dd', {}, time(item.sampledAt)),
        h('dt', {}, '发病时间'), h('dd', {}, time(item.onsetAt)),
        h('dt', {}, '暴露窗口'), h('dd', {}, item.windowStart ? `${time(item.windowStart)} 至 ${time(item.windowEnd)}` : '—'),
        h('dt', {}, '传播来源'), h('dd', {}, item.sources.length ? item.sources.flatMap(s => [link(`#/cases/${encodeURIComponent(s)}`, s), ' ']) : '未关联'),
        h('dt', {}, '聚集性疫情'), h('dd', {}, link(`#/chain/${encodeURIComponent(item.caseId)}`, `${item.clusterId}（查看传播链）`))));
  }

  function drawProgress(): void {
    const t = item.trace;
    show(progress,
      h('h2', {}, '流调进度'),
      h('p', {}, h('span', { class: `status ${t.status}`, id: 'trace-status' }, label(traceStatuses, t.status)),
        t.completedAt ? ` · 完成于 ${time(t.completedAt)}` : ' · 正在追踪密接和次密接，完成后自动刷新'),
      h('ul', { class: 'counts' },
        h('li', {}, h('b', {}, String(t.closeContacts)), '密切接触者'),
        h('li', {}, h('b', {}, String(t.secondaryContacts)), '次密接'),
        h('li', {}, h('b', {}, String(t.venueExposed)), '场所暴露人员'),
        h('li', {}, h('b', {}, String(t.homeIsolation)), '共同居住人员')));
  }

  async function drawContacts(after: string | null = null, rows: Contact[] = []): Promise<void> {
    const page = await get<Page<Contact>>(`${path}/contacts${query({ tier: tab.tier, category: tab.category, after, limit: 100 })}`);
    const all = [...rows, ...page.items];
    const more = page.next ? h('button', { type: 'button', class: 'secondary', onclick: () => void drawContacts(page.next, all) }, '加载更多') : null;
    show(contacts,
      h('h2', {}, '接触者'),
      h('div', { class: 'tabs', role: 'tablist' }, tabs.map(t => h('button', {
        type: 'button', role: 'tab', 'aria-selected': t === tab ? 'true' : 'false', class: t === tab ? 'tab active' : 'tab',
        onclick: () => { tab = t; void drawContacts(); },
      }, `${t.title}`))),
      all.length === 0 ? notice(item.trace.status === 'completed' ? `没有${tab.title}。` : '流调进行中，结果稍后出现。') : table(
        ['人员', '判定', '暴露证据（何时、何地、经谁）', '首次/末次暴露', '管控安排'],
        all.map(c => [
          [personLink(c.personId), c.becameCaseId ? h('div', {}, '已转为病例 ', link(`#/cases/${encodeURIComponent(c.becameCaseId)}`, c.becameCaseId)) : null],
          `${label(categories, c.category)}（${c.tier === 1 ? '一级' : '二级'}）`,
          evidenceList(c.exposures),
          `${time(c.firstExposure)} / ${time(c.lastExposure)}`,
          assignmentText(c.assignment),
        ]), { class: 'list', id: 'contact-list' }),
      more);
  }

  async function drawReported(message?: HTMLElement): Promise<void> {
    const page = await get<Page<ReportedContact>>(`${path}/reported-contacts`);
    const person = h('input', { name: 'personId', required: true, placeholder: '人员编号', size: 16 });
    const at = h('input', { type: 'datetime-local', name: 'at', required: true, value: cityNowWall() });
    const until = h('input', { type: 'datetime-local', name: 'until' });
    const setting = h('select', { name: 'setting' }, Object.entries(settingsOfContact).map(([code, text]) => h('option', { value: code }, text)));
    const note = h('textarea', { name: 'note', rows: 2, cols: 50, maxlength: 1000, placeholder: '流调笔记：地点、经过、持续时间' });
    const form = h('form', { class: 'inline-form' },
      h('label', {}, '人员 ', person), h('label', {}, '接触时间 ', at), h('label', {}, '至 ', until),
      h('label', {}, '场景 ', setting), h('label', { class: 'wide' }, '笔记 ', note),
      h('button', { type: 'submit' }, '添加流调报告的接触者'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      try {
        await send('POST', `${path}/contacts`, {
          personId: person.value.trim(), at: cityWallTimeToIso(at.value), until: until.value ? cityWallTimeToIso(until.value) : null,
          setting: setting.value, note: note.value.trim() || null,
        });
        await drawReported(notice('已添加，正在重新流调。', 'info'));
        item = await get<CaseItem>(path);
        drawProgress();
        watch();
      } catch (error) {
        form.append(notice((error as Error).message, 'error'));
      }
    });
    show(reported,
      h('h2', {}, '流调报告的接触者与笔记'),
      message ?? null,
      page.items.length === 0 ? notice('尚无流调报告的接触者。') : table(['人员', '接触时间', '场景', '笔记'],
        page.items.map(r => [personLink(r.personId), r.until ? `${time(r.at)} 至 ${time(r.until)}` : time(r.at), label(settingsOfContact, r.setting), h('span', { class: 'note' }, r.note ?? '—')]),
        { class: 'list', id: 'reported-list' }),
      form);
  }

  function drawActions(): void {
    const reason = h('input', { name: 'reason', required: true, placeholder: '撤销原因，例如：复核为假阳性', size: 40, maxlength: 500 });
    const form = h('form', { class: 'inline-form' }, h('label', {}, '原因 ', reason), h('button', { type: 'submit', class: 'danger' }, '撤销此病例（假阳性）'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      if (!confirm(`确认撤销病例 ${item.caseId}？由它单独导致的管控将解除。`)) return;
      try {
        await send('POST', `${path}/withdrawal`, { reason: reason.value.trim() });
        item = await get<CaseItem>(path);
        drawHeader();
        form.replaceWith(notice('病例已撤销。', 'info'));
      } catch (error) {
        const e = error as ApiError;
        const text = e.status === 409 ? '该病例已被撤销。' : e.status === 404 || e.status === 405 ? '服务端尚未开放撤销功能。' : e.message;
        form.append(notice(text, 'error'));
      }
    });
    show(actions, h('h2', {}, '操作'), item.withdrawnAt ? notice(`已于 ${time(item.withdrawnAt)} 撤销。`) : form);
  }

  let watching = false;
  function watch(): void {
    if (watching || item.trace.status === 'completed') return;
    watching = true;
    const timer = setInterval(async () => {
      if (leaving.aborted) return clearInterval(timer);
      item = await get<CaseItem>(path);
      drawProgress();
      if (item.trace.status === 'completed') {
        clearInterval(timer);
        watching = false;
        await drawContacts();
      }
    }, 2000);
  }

  drawHeader();
  drawProgress();
  show(root, header, progress, contacts, reported, actions);
  drawActions();
  await Promise.all([drawContacts(), drawReported()]);
  watch();
}

import { get, query, type Page } from '../api';
import { h, link, notice, show, table } from '../dom';
import { categories, current, district, healthCodes, label, time } from '../format';
import type { Person, PersonHit } from '../models';
import type { PageContext } from '../main';
import { assignmentText, evidenceList, personLink } from './evidence';

function management(hit: { management: { category: string; until: string | null }; healthCode: string }): HTMLElement {
  return h('span', {}, h('span', { class: `code ${hit.healthCode}` }, label(healthCodes, hit.healthCode)), ' ', label(categories, hit.management.category),
    hit.management.until ? ` 至 ${time(hit.management.until)}` : '');
}

/** Person search by prefix of id, name or phone, or a household's or compound's residents. */
export async function personsPage({ root, query: search }: PageContext): Promise<void> {
  const q = h('input', { name: 'q', placeholder: '姓名、手机号或人员编号（前缀）', value: search.get('q') ?? '', size: 30, id: 'person-q' });
  const districtSelect = h('select', { name: 'district', 'aria-label': '区县' }, h('option', { value: '' }, '区县：全部'),
    current().districts.map(d => h('option', { value: d.code, selected: d.code === search.get('district') }, d.label)));
  const compound = h('input', { name: 'compoundId', placeholder: '小区编号', value: search.get('compoundId') ?? '', size: 14 });
  const form = h('form', { class: 'filters' }, q, districtSelect, compound, h('button', { type: 'submit' }, '检索'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = `#/persons${query({ q: q.value.trim(), district: districtSelect.value, compoundId: compound.value.trim() })}`;
  });
  const results = h('div', {});
  show(root, h('h1', {}, '人员检索'), form, h('p', { class: 'muted' }, '每次检索到的人员都会记入审计日志。'), results);
  if (!search.get('q') && !search.get('compoundId') && !search.get('householdId')) return;

  const rows: PersonHit[] = [];
  async function load(after: string | null): Promise<void> {
    const page = await get<Page<PersonHit>>(`/api/persons${query({ ...Object.fromEntries(search), after, limit: 50 })}`);
    rows.push(...page.items);
    show(results, rows.length === 0 ? notice('没有找到人员。') : table(['人员编号', '姓名', '手机号', '区县', '户', '小区', '当前管控'],
      rows.map(p => [personLink(p.personId), p.name ?? '—', p.phone ?? '—', district(p.district),
        p.householdId ? link(`#/households/${encodeURIComponent(p.householdId)}`, p.householdId) : '—', p.compoundId ?? '—', management(p)]),
      { class: 'list', id: 'person-results' }),
    page.next ? h('button', { type: 'button', class: 'secondary', onclick: () => void load(page.next) }, '加载更多') : null);
  }
  await load(null);
}

/** A person: profile, management, assignments, and every exposure path from a case to them with its evidence. */
export async function personPage({ root, params: [personId] }: PageContext): Promise<void> {
  const person = await get<Person>(`/api/persons/${encodeURIComponent(personId)}`);
  show(root,
    h('section', { class: 'card' },
      h('h1', {}, `${person.name ?? '（未登记姓名）'} · ${person.personId}`),
      h('dl', { class: 'facts' },
        h('dt', {}, '手机号'), h('dd', {}, person.phone ?? '—'),
        h('dt', {}, '区县'), h('dd', {}, district(person.district)),
        h('dt', {}, '户'), h('dd', {}, person.householdId ? link(`#/households/${encodeURIComponent(person.householdId)}`, person.householdId) : '—'),
        h('dt', {}, '小区'), h('dd', {}, person.compoundId ? link(`#/persons${query({ compoundId: person.compoundId })}`, person.compoundId) : '—'),
        h('dt', {}, '当前管控'), h('dd', {}, management(person)))),
    h('section', { class: 'card' }, h('h2', {}, '暴露路径'),
      person.exposures.length === 0 ? notice('没有病例触及此人。') : person.exposures.map(e => h('div', { class: 'path' },
        h('p', {}, link(`#/cases/${encodeURIComponent(e.caseId)}`, `病例 ${e.caseId}`), ` · ${label(categories, e.category)}（${e.tier === 1 ? '一级' : '二级'}）`),
        h('p', { class: 'path-line' }, e.path.flatMap((id, i) => [i > 0 ? ' → ' : '', personLink(id)])),
        evidenceList(e.exposures, 10)))),
    h('section', { class: 'card' }, h('h2', {}, '管控安排'),
      person.assignments.length === 0 ? notice('没有管控安排。') : table(['安排', '病例'], person.assignments.map(a => [assignmentText(a), link(`#/cases/${encodeURIComponent(a.caseId)}`, a.caseId)]), { class: 'list' })));
}

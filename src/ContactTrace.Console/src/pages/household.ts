import { get } from '../api';
import { h, show, table } from '../dom';
import { categories, district, healthCodes, label, time } from '../format';
import type { Household } from '../models';
import type { PageContext } from '../main';
import { assignmentText, personLink } from './evidence';

/** A household: every member with their management and the assignment that shows. */
export async function householdPage({ root, params: [householdId] }: PageContext): Promise<void> {
  const household = await get<Household>(`/api/households/${encodeURIComponent(householdId)}`);
  show(root, h('h1', {}, `户 ${household.householdId}`), h('p', {}, `共 ${household.members.length} 名登记成员`),
    table(['成员', '姓名', '手机号', '区县', '小区', '当前管控', '管控安排'], household.members.map(m => [
      personLink(m.personId), m.name ?? '—', m.phone ?? '—', district(m.district), m.compoundId ?? '—',
      h('span', {}, h('span', { class: `code ${m.healthCode}` }, label(healthCodes, m.healthCode)), ' ', label(categories, m.management.category),
        m.management.until ? ` 至 ${time(m.management.until)}` : ''),
      assignmentText(m.assignment),
    ]), { class: 'list', id: 'household-members' }));
}

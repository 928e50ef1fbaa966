import { get, query, type Page } from '../api';
import { h, link, notice, show, table } from '../dom';
import { current, district, time } from '../format';
import type { Hotel, Waiting } from '../models';
import type { PageContext } from '../main';
import { personLink } from './evidence';

/** Hotels' occupancy and the city-wide waiting list, longest waiting first. */
export async function hotelsPage({ root, query: filters }: PageContext): Promise<void> {
  const hotels = await get<Page<Hotel>>('/api/hotels');
  const waiting: Waiting[] = [];
  const districtSelect = h('select', { name: 'district', 'aria-label': '区县' }, h('option', { value: '' }, '全市'),
    current().districts.map(d => h('option', { value: d.code, selected: d.code === filters.get('district') }, d.label)));
  districtSelect.addEventListener('change', () => { location.hash = `#/hotels${query({ district: districtSelect.value })}`; });
  const waitingList = h('div', {});
  const capacity = hotels.items.reduce((sum, hotel) => sum + hotel.capacity, 0);
  const occupied = hotels.items.reduce((sum, hotel) => sum + hotel.occupied, 0);
  show(root,
    h('h1', {}, '隔离酒店'),
    h('p', {}, `共 ${hotels.items.length} 家，房间 ${capacity} 间，已占用 ${occupied} 间，空余 ${capacity - occupied} 间。`),
    hotels.items.length === 0 ? notice('尚未登记隔离酒店。') : table(['酒店', '区县', '房间', '已占用', '占用率'], hotels.items.map(hotel => [
      `${hotel.name}（${hotel.hotelId}）`, district(hotel.district), String(hotel.capacity), String(hotel.occupied),
      [h('span', { class: 'meter' }, h('span', { style: `width:${Math.round((100 * hotel.occupied) / hotel.capacity)}%` })), `${Math.round((100 * hotel.occupied) / hotel.capacity)}%`],
    ]), { class: 'list', id: 'hotel-list' }),
    h('h2', {}, '等待房间的人员（等待最久的在前）'), h('p', { class: 'filters' }, districtSelect), waitingList);

  async function load(after: string | null): Promise<void> {
    const page = await get<Page<Waiting>>(`/api/assignments${query({ status: 'awaiting-capacity', district: filters.get('district'), after, limit: 100 })}`);
    waiting.push(...page.items);
    show(waitingList, waiting.length === 0 ? notice('没有人在等待房间。') : table(['人员', '区县', '户', '病例', '隔离期', '等待自'], waiting.map(w => [
      personLink(w.personId), district(w.district), w.householdId ? link(`#/households/${encodeURIComponent(w.householdId)}`, w.householdId) : '—',
      link(`#/cases/${encodeURIComponent(w.caseId)}`, w.caseId), `${time(w.start)} 至 ${time(w.end)}`, time(w.waitingSince),
    ]), { class: 'list', id: 'waiting-list' }),
    page.next ? h('button', { type: 'button', class: 'secondary', onclick: () => void load(page.next) }, '加载更多') : null);
  }
  await load(null);
}

import { get, query, type Page } from '../api';
import { Chart } from '../charts';
import { h, notice, show, table } from '../dom';
import { cityNowWall, cityWallTimeToIso, district, label, time, venueKinds } from '../format';
import type { Visit } from '../models';
import type { PageContext } from '../main';
import { personLink } from './evidence';

interface Venue {
  venueId: string;
  name: string;
  district: string;
  kind: string;
}

// A visit without a scan-out is drawn this long (the API applies the policy's dwell when it traces).
const assumedStayMinutes = 60;
const maxPages = 5;

/** A venue's visits in an interval, on a timeline (one bar per visit), and as a table. */
export async function venuePage({ root, params: [venueId], query: interval, leaving }: PageContext): Promise<void> {
  const venue = await get<Venue>(`/api/venues/${encodeURIComponent(venueId)}`);
  const now = cityNowWall();
  const yesterday = new Date(Date.parse(`${now}:00Z`) - 86400000).toISOString().slice(0, 16);
  const from = h('input', { type: 'datetime-local', name: 'from', value: interval.get('from') ?? yesterday });
  const to = h('input', { type: 'datetime-local', name: 'to', value: interval.get('to') ?? now });
  const form = h('form', { class: 'filters' }, h('label', {}, '从 ', from), h('label', {}, '至 ', to), h('button', { type: 'submit' }, '查看'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = `#/venues/${encodeURIComponent(venueId)}${query({ from: from.value, to: to.value })}`;
  });

  const visits: Visit[] = [];
  let after: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const answer: Page<Visit> = await get<Page<Visit>>(`/api/venues/${encodeURIComponent(venueId)}/visits${query({
      from: cityWallTimeToIso(from.value), to: cityWallTimeToIso(to.value), after, limit: 500,
    })}`);
    visits.push(...answer.items);
    after = answer.next;
    if (!after) break;
  }

  const canvas = h('canvas', { id: 'visit-timeline', 'aria-label': '到访时间线' });
  show(root,
    h('h1', {}, `${venue.name} · ${venue.venueId}`),
    h('p', {}, `${district(venue.district)} · ${label(venueKinds, venue.kind)}`),
    form,
    visits.length === 0 ? notice('该时段没有扫码记录。') : h('div', { class: 'timeline', style: `height:${Math.min(60 + visits.length * 14, 900)}px` }, canvas),
    after ? notice(`只显示前 ${visits.length} 条记录，请缩小时段。`) : null,
    visits.length === 0 ? null : table(['人员', '扫码进入', '离开'], visits.map(v => [personLink(v.personId), time(v.scannedAt), v.leftAt ? time(v.leftAt) : '未扫离开码']), { class: 'list' }));
  if (visits.length === 0) return;

  const start = (v: Visit) => Date.parse(v.scannedAt);
  const end = (v: Visit) => (v.leftAt ? Date.parse(v.leftAt) : start(v) + assumedStayMinutes * 60000);
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: visits.map(v => v.personId),
      datasets: [{
        label: '到访（灰色：未扫离开码，按 60 分钟显示）',
        data: visits.map(v => [start(v), end(v)] as [number, number]),
        backgroundColor: visits.map(v => (v.leftAt ? '#2980b9' : '#95a5a6')),
        barThickness: 10,
      }],
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { type: 'linear', min: Math.min(...visits.map(start)), max: Math.max(...visits.map(end)), ticks: { callback: value => time(new Date(Number(value)).toISOString()).slice(5) } },
        y: { ticks: { autoSkip: false, font: { size: 10 } } },
      },
      plugins: {
        tooltip: { callbacks: { label: item => { const v = visits[item.dataIndex]; return `${v.personId}：${time(v.scannedAt)} – ${v.leftAt ? time(v.leftAt) : '未扫离开码'}`; } } },
      },
    },
  });
  leaving.addEventListener('abort', () => chart.destroy());
}

import { get, getText, query } from '../api';
import { Chart, palette } from '../charts';
import { h, notice, show } from '../dom';
import { cityToday, current } from '../format';
import type { DailyReport } from '../models';
import type { PageContext } from '../main';

const chartDays = 14;

function figure(value: number, caption: string): HTMLElement {
  return h('div', { class: 'figure' }, h('b', {}, String(value)), h('span', {}, caption));
}

/** A day is asked by its date alone: the service reports today up to this moment (complete: false), not to a rounded minute. */
function periodOf(date: string): Record<string, string> {
  return { date };
}

async function copy(text: string, area: HTMLTextAreaElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    area.select();
    document.execCommand('copy'); // outside a secure context the clipboard API is not there
  }
}

/** The daily bulletin: the figures, new cases by day and channel, and the paragraph the press office reads, with a copy button. */
export async function bulletinPage({ root, query: parameters, leaving }: PageContext): Promise<void> {
  const date = parameters.get('date') ?? cityToday();
  const until = parameters.get('until') ?? '';
  const dateInput = h('input', { type: 'date', name: 'date', value: date });
  const untilInput = h('input', { type: 'time', name: 'until', value: until });
  const form = h('form', { class: 'filters' }, h('label', {}, '日期 ', dateInput), h('label', {}, '截至 ', untilInput), h('button', { type: 'submit' }, '生成通报'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = `#/bulletin${query({ date: dateInput.value, until: untilInput.value })}`;
  });

  const period = until ? { date, until } : periodOf(date);
  const [report, text] = await Promise.all([
    get<DailyReport>(`/api/reports/daily${query(period)}`),
    getText(`/api/reports/daily${query({ ...period, format: 'text' })}`),
  ]);
  const area = h('textarea', { readonly: true, rows: 6, cols: 80, id: 'bulletin-text' }, text);
  const copied = h('span', { class: 'muted', role: 'status' });
  const canvas = h('canvas', { id: 'bulletin-chart', 'aria-label': '每日新增病例（按发现途径）' });
  const n = report.newCases;
  show(root,
    h('h1', {}, '每日疫情通报'), form,
    h('section', { class: 'card figures' },
      figure(n.total, '新增阳性感染者'), figure(n.confirmed, '确诊病例'), figure(n.asymptomatic, '无症状感染者'), figure(n.convertedToConfirmed, '无症状转确诊'),
      figure(report.contacts.closeIdentified, '新判定密接'), figure(report.contacts.secondaryIdentified, '新判定次密接'),
      figure(report.contacts.closeUnderManagement, '在管密接'), figure(report.isolation.centralized, '集中隔离'),
      figure(report.isolation.home, '居家隔离'), figure(report.isolation.awaitingCapacity, '等待房间')),
    h('section', { class: 'card' }, h('h2', {}, '通报文字'), area, h('p', {},
      h('button', { type: 'button', id: 'copy-bulletin', onclick: async () => { await copy(text, area); copied.textContent = '已复制'; } }, '复制通报文字'), ' ', copied)),
    h('section', { class: 'card' }, h('h2', {}, `近 ${chartDays} 天新增病例（按发现途径）`), h('div', { class: 'chart' }, canvas)));

  // One bulletin per day of the chart: the figures as published for each day.
  const days = Array.from({ length: chartDays }, (_, i) => {
    const d = new Date(Date.parse(`${date}T00:00:00Z`) - (chartDays - 1 - i) * 86400000);
    return d.toISOString().slice(0, 10);
  }).filter(d => d <= cityToday());
  const reports = await Promise.all(days.map(d => get<DailyReport>(`/api/reports/daily${query(periodOf(d))}`).catch(() => null)));
  if (leaving.aborted) return;
  const channels = current().channels.filter(c => reports.some(r => r?.newCases.byChannel.some(b => b.channel === c.code && b.count > 0)));
  if (channels.length === 0) {
    canvas.replaceWith(notice('这些天没有新增病例。'));
    return;
  }
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: days.map(d => d.slice(5)),
      datasets: channels.map((c, i) => ({
        label: c.label,
        data: reports.map(r => r?.newCases.byChannel.find(b => b.channel === c.code)?.count ?? 0),
        backgroundColor: palette[i % palette.length],
      })),
    },
    options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
  leaving.addEventListener('abort', () => chart.destroy());
}

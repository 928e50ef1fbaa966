// Chinese labels for the API's codes, and times shown in the city's zone (ContactTrace:TimeZone).
export interface CodeLabel {
  code: string;
  label: string;
}

export interface Settings {
  timeZone: string;
  role: string;
  districts: CodeLabel[];
  channels: CodeLabel[];
}

let settings: Settings = { timeZone: 'Asia/Shanghai', role: 'tracer', districts: [], channels: [] };
let dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: settings.timeZone });

export function useSettings(value: Settings): void {
  settings = value;
  dateTime = new Intl.DateTimeFormat('zh-CN', {
    timeZone: value.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
}

export const current = (): Settings => settings;

export const district = (code: string | null | undefined): string => settings.districts.find(d => d.code === code)?.label ?? code ?? '—';

export const channel = (code: string): string => settings.channels.find(c => c.code === code)?.label ?? code;

export const classifications: Record<string, string> = { confirmed: '确诊病例', asymptomatic: '无症状感染者' };

export const traceStatuses: Record<string, string> = { pending: '待流调', running: '流调中', completed: '流调完成', withdrawn: '已撤销' };

export const categories: Record<string, string> = {
  none: '无管控',
  case: '病例',
  'close-contact': '密切接触者',
  'secondary-contact': '次密接',
  'venue-exposed': '场所暴露人员',
  'home-isolation': '共同居住人员（居家隔离）',
};

export const exposureKinds: Record<string, string> = { venue: '场所', household: '同住', reported: '流调报告', contact: '接触（未记录证据）' };

export const settingsOfContact: Record<string, string> = { household: '同住', meal: '聚餐', vehicle: '同乘', work: '工作', care: '照护', other: '其他' };

export const assignmentKinds: Record<string, string> = {
  'centralized-isolation': '集中隔离', 'home-isolation': '居家隔离', 'home-monitoring': '居家健康监测', testing: '核酸检测',
};

export const assignmentStatuses: Record<string, string> = {
  assigned: '已分配', 'awaiting-capacity': '等待房间', 'checked-in': '已入住', released: '已解除', 'converted-to-case': '转为病例', superseded: '已替换',
};

export const venueKinds: Record<string, string> = {
  restaurant: '餐馆（密闭场所）', 'bath-house': '浴池（密闭场所）', bus: '公交车（密闭场所）', taxi: '出租车（密闭场所）', office: '办公室（密闭场所）',
  classroom: '教室（密闭场所）', dormitory: '宿舍（密闭场所）', gym: '健身房（密闭场所）', entertainment: '娱乐场所（密闭场所）',
  supermarket: '超市（开放场所）', market: '市场（开放场所）', mall: '商场（开放场所）', station: '车站（开放场所）', 'logistics-park': '物流园区（开放场所）',
  hospital: '医院（开放场所）', other: '其他（开放场所）',
};

export const healthCodes: Record<string, string> = { green: '绿码', yellow: '黄码', red: '红码' };

export const label = (labels: Record<string, string>, code: string | null | undefined): string => (code ? labels[code] ?? code : '—');

/** A time as the city reads it, e.g. 2022/11/29 15:04. */
export function time(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function span(from: string, until: string | null | undefined): string {
  return until && until !== from ? `${time(from)} – ${time(until).slice(-5)}` : time(from);
}

/** The offset of the city's zone at an instant, in minutes east of UTC. */
function offsetAt(instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: settings.timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find(p => p.type === type)!.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return Math.round((wall - instant.getTime()) / 60000);
}

/** A wall time typed into a form (YYYY-MM-DDTHH:mm, in the city's zone) as ISO-8601 with the zone's offset. */
export function cityWallTimeToIso(wall: string): string {
  const asUtc = new Date(`${wall}:00Z`);
  const offset = offsetAt(new Date(asUtc.getTime() - offsetAt(asUtc) * 60000));
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Today in the city's zone, YYYY-MM-DD. */
export function cityToday(offsetDays = 0): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: settings.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + offsetDays * 86400000));
  return parts;
}

/** Now in the city's zone as a wall time for a datetime-local input. */
export function cityNowWall(): string {
  const now = new Date();
  return new Date(now.getTime() + offsetAt(now) * 60000).toISOString().slice(0, 16);
}

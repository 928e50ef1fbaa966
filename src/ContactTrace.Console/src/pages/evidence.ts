import { h, link } from '../dom';
import { assignmentKinds, assignmentStatuses, exposureKinds, label, settingsOfContact, span, time } from '../format';
import type { Assignment, Exposure } from '../models';

const person = (id: string) => link(`#/persons/${encodeURIComponent(id)}`, id);

/** One exposure as a tracer reads it: where (or how), when, and through whom. */
export function exposureLine(exposure: Exposure): HTMLElement {
  return h('li', { class: 'evidence' },
    h('strong', {}, label(exposureKinds, exposure.kind)), ' ',
    exposure.venueId ? link(`#/venues/${encodeURIComponent(exposure.venueId)}`, exposure.venueId) : null,
    exposure.setting ? `（${label(settingsOfContact, exposure.setting)}）` : null, ' ',
    span(exposure.from, exposure.until),
    exposure.viaPersonId ? h('span', {}, ' · 经 ', person(exposure.viaPersonId)) : null,
    exposure.source ? h('span', { class: 'source' }, ' · 传染源 ', person(exposure.source.personId),
      ` 在场 ${span(exposure.source.from, exposure.source.until)}`,
      (exposure.sourceCount ?? 1) > 1 ? `（同时段共 ${exposure.sourceCount} 段病例在场记录）` : null) : null);
}

/** Evidence is shown next to the contact, never behind another click: the first few, then how many more. */
export function evidenceList(exposures: Exposure[], shown = 3): HTMLElement {
  return h('ul', { class: 'evidence-list' },
    exposures.slice(0, shown).map(exposureLine),
    exposures.length > shown ? h('li', { class: 'muted' }, `另有 ${exposures.length - shown} 条暴露记录`) : null);
}

export function assignmentText(assignment: Assignment | null): HTMLElement | string {
  if (!assignment) return '—';
  return h('span', { class: `assignment ${assignment.status}` },
    `${label(assignmentKinds, assignment.kind)} · ${label(assignmentStatuses, assignment.status)}`,
    assignment.hotelId ? ` · ${assignment.hotelId}` : '',
    h('br', {}), h('small', {}, `${time(assignment.start)} 至 ${time(assignment.end)}`));
}

export { person as personLink };

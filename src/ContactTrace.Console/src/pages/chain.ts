import cytoscape, { type Core, type EdgeSingular, type ElementDefinition, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { get, query, type Page } from '../api';
import { h, link, notice, show } from '../dom';
import { categories, classifications, district, exposureKinds, label, span, time } from '../format';
import type { Chain, ChainEdge, Contact } from '../models';
import type { PageContext } from '../main';
import { exposureLine } from './evidence';

cytoscape.use(fcose);

declare global {
  interface Window {
    /** The chain graph on screen, for the browser tests (and the curious): node positions live in its canvas. */
    contactTraceChain?: Core;
  }
}

// Up to this many cases a cluster is drawn whole; a bigger one opens with initialCases around the case asked
// for, and each "+N" node shows up to expandBy more.
const bigCluster = 400;
const initialCases = 300;
const expandBy = 100;

/** Every page of the cluster's cases and the links between them. */
async function loadChain(caseId: string, progress: (loaded: number, total: number) => void): Promise<Chain> {
  let chain = await get<Chain>(`/api/cases/${encodeURIComponent(caseId)}/chain${query({ limit: 5000 })}`);
  const nodes = [...chain.nodes];
  const edges = [...chain.edges];
  while (chain.next) {
    progress(nodes.length, chain.caseCount);
    chain = await get<Chain>(`/api/cases/${encodeURIComponent(caseId)}/chain${query({ limit: 5000, after: chain.next })}`);
    nodes.push(...chain.nodes);
    edges.push(...chain.edges);
  }
  return { ...chain, nodes, edges, next: null };
}

function edgeEvidence(edge: ChainEdge): HTMLElement {
  return h('div', { class: 'edge-evidence', id: 'edge-evidence' },
    h('h3', {}, `${edge.from} → ${edge.to}`),
    h('p', {}, h('strong', {}, label(exposureKinds, edge.kind) === edge.kind ? label(categories, edge.kind) : label(exposureKinds, edge.kind)),
      edge.at ? ` · ${time(edge.at)}` : ' · 时间未知',
      edge.venueId ? [' · 场所 ', link(`#/venues/${encodeURIComponent(edge.venueId)}`, edge.venueId)] : null,
      edge.viaPersonId ? [' · 经 ', link(`#/persons/${encodeURIComponent(edge.viaPersonId)}`, edge.viaPersonId)] : null),
    edge.evidence && edge.evidence.length > 0 ? h('ul', {}, edge.evidence.map(exposureLine)) : null);
}

/** The transmission chain as a graph: cases by default, a case expands to its contacts, evidence on hover and click. */
export async function chainPage({ root, params: [caseId], leaving }: PageContext): Promise<void> {
  const status = h('p', { class: 'toolbar', id: 'chain-status' }, '加载传播链…');
  const canvas = h('div', { id: 'chain', class: 'graph' });
  const panel = h('aside', { class: 'card panel', id: 'chain-panel' }, h('p', {}, '点击病例查看详情和传播证据；点击连线查看暴露证据。'));
  const tip = h('div', { class: 'tip', hidden: true });
  show(root, h('h1', {}, `传播链 · ${caseId}`), status, h('div', { class: 'graph-layout' }, canvas, panel), tip);

  const started = performance.now();
  const chain = await loadChain(caseId, (loaded, total) => show(status, `已加载 ${loaded} / ${total} 个病例…`));
  if (leaving.aborted) return;
  const caseNodes = chain.nodes.filter(n => n.kind === 'case');
  const byId = new Map(caseNodes.map(n => [n.id, n]));
  const children = new Map<string, string[]>();
  const parents = new Map<string, string[]>();
  const edgesById = new Map<string, ChainEdge>();
  chain.edges.filter(e => byId.has(e.from) && byId.has(e.to)).forEach((e, i) => {
    edgesById.set(`e${i}`, e);
    children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
    parents.set(e.to, [...(parents.get(e.to) ?? []), e.from]);
  });
  const edgeIdOf = new Map([...edgesById].map(([id, e]) => [`${e.from}>${e.to}`, id]));

  // A big cluster opens around the case asked for — its line of sources up to the first case, then its
  // neighbourhood — and grows on demand: a "+N" node stands for the cases a shown case infected that are not shown.
  const visible = new Set<string>();
  function reveal(start: string, budget: number): void {
    const queue = [start];
    for (let up = start; parents.get(up)?.length; up = parents.get(up)![0]) queue.push(parents.get(up)![0]);
    while (queue.length && budget > 0) {
      const id = queue.shift()!;
      if (!visible.has(id)) {
        visible.add(id);
        budget--;
      }
      queue.push(...(children.get(id) ?? []).filter(c => !visible.has(c)), ...(parents.get(id) ?? []).filter(p => !visible.has(p)));
    }
  }
  reveal(caseId, chain.caseCount > bigCluster ? initialCases : chain.caseCount);

  function hiddenChildren(id: string): string[] {
    return (children.get(id) ?? []).filter(c => !visible.has(c));
  }

  function elementsFor(ids: Iterable<string>): ElementDefinition[] {
    const elements: ElementDefinition[] = [];
    for (const id of ids) {
      const n = byId.get(id)!;
      elements.push({
        data: { id, label: id, classification: n.classification ?? '', district: n.district ?? '', reportedAt: n.reportedAt ?? '' },
        classes: id === caseId ? 'case root' : 'case',
      });
    }
    return elements;
  }

  function linksFor(ids: Iterable<string>): ElementDefinition[] {
    const links: ElementDefinition[] = [];
    for (const id of ids) {
      for (const parent of parents.get(id) ?? []) {
        if (visible.has(parent)) links.push({ data: { id: edgeIdOf.get(`${parent}>${id}`)!, source: parent, target: id } });
      }
      for (const child of children.get(id) ?? []) {
        if (visible.has(child) && cy.$id(edgeIdOf.get(`${id}>${child}`)!).empty()) links.push({ data: { id: edgeIdOf.get(`${id}>${child}`)!, source: id, target: child } });
      }
    }
    return links;
  }

  const cy = cytoscape({
    container: canvas,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: 'node.case', style: { 'background-color': '#c0392b', label: 'data(label)', 'font-size': 10, 'min-zoomed-font-size': 6, width: 18, height: 18 } },
      { selector: 'node.case[classification = "asymptomatic"]', style: { 'background-color': '#e67e22' } },
      { selector: 'node.root', style: { 'border-width': 4, 'border-color': '#1f3a93', width: 26, height: 26 } },
      { selector: 'node.more', style: { 'background-color': '#ecf0f1', 'border-width': 1, 'border-color': '#7f8c8d', shape: 'round-rectangle', label: 'data(label)', 'font-size': 9, 'text-valign': 'center', width: 34, height: 16 } },
      { selector: 'node.contact', style: { 'background-color': '#7f8c8d', shape: 'round-rectangle', width: 12, height: 12, label: 'data(label)', 'font-size': 8, 'min-zoomed-font-size': 6 } },
      { selector: 'node.contact.close-contact', style: { 'background-color': '#8e44ad' } },
      { selector: 'edge', style: { width: 1.5, 'line-color': '#95a5a6', 'target-arrow-color': '#95a5a6', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier' } },
      { selector: 'edge.more-edge, edge.contact-edge', style: { 'line-style': 'dashed', width: 1 } },
      { selector: ':selected', style: { 'background-color': '#2980b9', 'line-color': '#2980b9', 'target-arrow-color': '#2980b9' } },
    ],
  });
  window.contactTraceChain = cy;

  // The "+N" nodes, redrawn after each change of what is shown.
  function summarize(): void {
    cy.remove('.more');
    for (const id of visible) {
      const hidden = hiddenChildren(id);
      if (hidden.length > 0) {
        cy.add([
          { data: { id: `more:${id}`, label: `+${hidden.length}`, of: id }, classes: 'more', position: { ...cy.$id(id).position() } },
          { data: { id: `more-edge:${id}`, source: id, target: `more:${id}` }, classes: 'more-edge' },
        ]);
      }
    }
  }

  function describeStatus(seconds: string): void {
    show(status, `聚集性疫情 ${chain.clusterId}：${chain.caseCount} 个病例、${chain.contactCount} 名接触者`,
      visible.size < chain.caseCount ? ` · 显示 ${visible.size} 个（点击「+N」展开该病例传染的病例）` : '',
      ` · 用时 ${seconds} 秒 · 滚轮缩放，拖动平移`);
  }

  function runLayout(randomize: boolean, done: () => void): void {
    const layout = cy.layout({ name: 'fcose', quality: 'default', randomize, animate: false, nodeDimensionsIncludeLabels: true } as never);
    layout.one('layoutstop', done);
    layout.run();
  }

  cy.add([...elementsFor(visible), ...linksFor(visible)]);
  summarize();
  runLayout(true, () => {
    describeStatus(((performance.now() - started) / 1000).toFixed(1));
    canvas.dataset.ready = 'true';
    cy.$id(caseId).select();
  });

  function expand(parent: string): void {
    const shown = performance.now();
    const added = hiddenChildren(parent).slice(0, expandBy);
    added.forEach(id => visible.add(id));
    const at = cy.$id(parent).position();
    cy.add(elementsFor(added).map(e => ({ ...e, position: { x: at.x + Math.random() * 40 - 20, y: at.y + Math.random() * 40 - 20 } })));
    cy.add(linksFor(added));
    summarize();
    runLayout(false, () => describeStatus(((performance.now() - shown) / 1000).toFixed(1)));
  }

  function describeCase(node: NodeSingular): void {
    const id = node.id();
    const incoming = node.incomers('edge').map(edge => edgesById.get(edge.id())).filter((e): e is ChainEdge => !!e);
    const expand = h('button', { type: 'button', id: 'expand-contacts' }, '展开密切接触者');
    expand.addEventListener('click', () => void expandContacts(id, expand));
    show(panel,
      h('h2', {}, '病例 ', link(`#/cases/${encodeURIComponent(id)}`, id)),
      h('p', {}, `${label(classifications, node.data('classification'))} · ${district(node.data('district'))} · 报告于 ${time(node.data('reportedAt'))}`),
      h('h3', {}, '感染来源证据'),
      incoming.length ? incoming.map(edgeEvidence) : h('p', {}, '未关联到来源病例。'),
      expand);
  }

  async function expandContacts(id: string, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const page = await get<Page<Contact>>(`/api/cases/${encodeURIComponent(id)}/contacts${query({ tier: 1, limit: 200 })}`);
    const added = cy.collection();
    for (const contact of page.items) {
      const nodeId = `person:${contact.personId}`;
      if (cy.$id(nodeId).empty() && cy.$id(contact.personId).empty()) {
        added.merge(cy.add({ data: { id: nodeId, label: contact.personId, contact }, classes: `contact ${contact.category}` }));
      }
      const edge = cy.add({ data: { id: `${id}->${nodeId}`, source: id, target: cy.$id(nodeId).nonempty() ? nodeId : contact.personId, contact }, classes: 'contact-edge' });
      added.merge(edge);
    }
    const around = cy.$id(id).position();
    added.nodes().layout({ name: 'concentric', boundingBox: { x1: around.x - 150, y1: around.y - 150, w: 300, h: 300 }, animate: false } as never).run();
    button.replaceWith(h('p', {}, page.next ? `已展开前 ${page.items.length} 名接触者（共有更多，见病例页）。` : `已展开 ${page.items.length} 名接触者。`));
  }

  function describeEdge(edge: EdgeSingular): void {
    const chainEdge = edgesById.get(edge.id());
    const contact = edge.data('contact') as Contact | undefined;
    show(panel, chainEdge ? edgeEvidence(chainEdge) : contact ? h('div', { id: 'edge-evidence' },
      h('h3', {}, `${edge.source().id()} → ${contact.personId}`),
      h('p', {}, label(categories, contact.category)),
      h('ul', {}, contact.exposures.map(exposureLine))) : notice('没有这条连线的证据。'));
  }

  cy.on('tap', 'node.case', event => describeCase(event.target as NodeSingular));
  cy.on('tap', 'node.more', event => expand((event.target as NodeSingular).data('of') as string));
  cy.on('tap', 'node.contact', event => {
    const contact = (event.target as NodeSingular).data('contact') as Contact;
    show(panel, h('h2', {}, '接触者 ', link(`#/persons/${encodeURIComponent(contact.personId)}`, contact.personId)),
      h('p', {}, label(categories, contact.category)), h('ul', {}, contact.exposures.map(exposureLine)));
  });
  cy.on('tap', 'edge', event => describeEdge(event.target as EdgeSingular));
  cy.on('mouseover', 'edge', event => {
    const e = edgesById.get((event.target as EdgeSingular).id());
    if (!e) return;
    tip.textContent = `${e.from} → ${e.to} · ${label(exposureKinds, e.kind)}${e.at ? ` · ${span(e.at, null)}` : ''}${e.venueId ? ` · ${e.venueId}` : ''}`;
    tip.hidden = false;
    const { x, y } = event.renderedPosition;
    const box = canvas.getBoundingClientRect();
    tip.style.left = `${box.left + window.scrollX + x + 12}px`;
    tip.style.top = `${box.top + window.scrollY + y + 12}px`;
  });
  cy.on('mouseout', 'edge', () => { tip.hidden = true; });
  leaving.addEventListener('abort', () => { cy.destroy(); delete window.contactTraceChain; });
}

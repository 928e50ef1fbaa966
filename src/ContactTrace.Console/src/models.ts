// The API's answers as the console reads them (API.md; fields the console does not show are left out).
export interface Trace {
  status: string;
  closeContacts: number;
  secondaryContacts: number;
  venueExposed: number;
  homeIsolation: number;
  completedAt: string | null;
}

export interface CaseItem {
  caseId: string;
  personId: string;
  classification: string;
  district: string;
  discoveryChannel: string;
  reportedAt: string;
  sampledAt: string;
  onsetAt: string | null;
  convertedAt?: string | null;
  sources: string[];
  clusterId: string;
  trace: Trace;
  withdrawnAt?: string | null;
  windowStart?: string;
  windowEnd?: string;
}

export interface Exposure {
  kind: string;
  venueId: string | null;
  from: string;
  until: string;
  viaPersonId: string | null;
  setting: string | null;
  /** A venue exposure: how many presence intervals of sources it overlapped, the first of them, the visit's arrival. */
  sourceCount?: number;
  source?: ExposureSource | null;
  visitFrom?: string | null;
}

export interface ExposureSource {
  personId: string;
  venueId: string;
  from: string;
  until: string;
}

export interface Assignment {
  assignmentId: string;
  personId: string;
  caseId: string;
  kind: string;
  hotelId: string | null;
  start: string;
  end: string;
  status: string;
}

export interface Contact {
  personId: string;
  tier: number;
  category: string;
  firstExposure: string;
  lastExposure: string;
  exposures: Exposure[];
  assignment: Assignment | null;
  becameCaseId?: string | null;
}

export interface ReportedContact {
  personId: string;
  at: string;
  until: string | null;
  setting: string;
  note: string | null;
}

export interface ChainNode {
  id: string;
  kind: 'case' | 'contact';
  personId: string;
  classification: string | null;
  district: string | null;
  reportedAt: string | null;
  tier: number | null;
  category: string | null;
}

export interface ChainEdge {
  from: string;
  to: string;
  kind: string;
  at: string | null;
  venueId: string | null;
  viaPersonId?: string | null;
  evidence?: Exposure[];
}

export interface Chain {
  clusterId: string;
  caseCount: number;
  contactCount: number;
  nodes: ChainNode[];
  edges: ChainEdge[];
  next: string | null;
}

export interface Management {
  category: string;
  since: string | null;
  until: string | null;
}

export interface PersonExposure {
  caseId: string;
  tier: number;
  category: string;
  path: string[];
  exposures: Exposure[];
}

export interface Person {
  personId: string;
  district: string;
  householdId: string | null;
  compoundId: string | null;
  name: string | null;
  phone: string | null;
  management: Management;
  healthCode: string;
  assignments: Assignment[];
  exposures: PersonExposure[];
}

export interface PersonHit {
  personId: string;
  district: string;
  householdId: string | null;
  compoundId: string | null;
  name: string | null;
  phone: string | null;
  management: Management;
  healthCode: string;
}

export interface Household {
  householdId: string;
  members: (PersonHit & { assignment: Assignment | null })[];
}

export interface Visit {
  scanId: string;
  personId: string;
  scannedAt: string;
  leftAt: string | null;
}

export interface Hotel {
  hotelId: string;
  name: string;
  district: string;
  capacity: number;
  occupied: number;
  awaiting: number;
}

export interface Waiting {
  assignmentId: string;
  personId: string;
  caseId: string;
  kind: string;
  start: string;
  end: string;
  status: string;
  district: string | null;
  householdId: string | null;
  waitingSince: string;
}

export interface LabeledCount {
  channel?: string;
  district?: string;
  label: string;
  count: number;
}

export interface DailyReport {
  periodStart: string;
  periodEnd: string;
  newCases: { total: number; confirmed: number; asymptomatic: number; convertedToConfirmed: number; byChannel: LabeledCount[]; byDistrict: LabeledCount[] };
  contacts: { closeIdentified: number; secondaryIdentified: number; closeUnderManagement: number; secondaryUnderManagement: number };
  isolation: { centralized: number; home: number; awaitingCapacity: number };
}

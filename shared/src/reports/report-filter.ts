/**
 * KPI-1: the period and filters every KPI takes, and which records they let through. A record
 * that belongs to a case is judged by its case (its location, coordinator, doctor and referral);
 * a ledger entry by its contract's case, else by its patient's location.
 */
import type { ReferralKind } from '../pipeline/case.schema.ts';
import type { Case } from '../pipeline/case.schema.ts';
import type { Contract } from '../billing/contract.schema.ts';
import type { LedgerEntry } from '../billing/ledger.schema.ts';
import type { ReportSource, StagedAppointment } from './report-source.ts';

/** Calendar days in the practice's zone, both ends included. */
export type ReportPeriod = { from: string; to: string };

export type ReportFilter = {
  period: ReportPeriod;
  locationIds?: readonly string[];
  /** The coordinator who owns the case's follow-up. */
  coordinatorId?: string;
  /** The doctor who saw the case's exam. */
  doctorId?: string;
  referralSource?: ReferralKind;
  /** A referral partner (referring office or doctor). */
  referralPartnerId?: string;
};

/** What the filters look at, for one record; undefined when the record does not say. */
type Facts = {
  locationId?: string | undefined;
  coordinatorId?: string | undefined;
  doctorId?: string | undefined;
  referralSource?: string | undefined;
  referralPartnerId?: string | undefined;
};

export function inPeriod(day: string, period: ReportPeriod): boolean {
  return day >= period.from && day <= period.to;
}

function matches(facts: Facts, filter: ReportFilter): boolean {
  if (
    filter.locationIds &&
    !(facts.locationId !== undefined && filter.locationIds.includes(facts.locationId))
  )
    return false;
  if (filter.coordinatorId !== undefined && facts.coordinatorId !== filter.coordinatorId) return false;
  if (filter.doctorId !== undefined && facts.doctorId !== filter.doctorId) return false;
  if (filter.referralSource !== undefined && facts.referralSource !== filter.referralSource) return false;
  if (filter.referralPartnerId !== undefined && facts.referralPartnerId !== filter.referralPartnerId)
    return false;
  return true;
}

/**
 * KPI-1: a case's doctor is the provider of its exam: the first consult seen with a provider named,
 * else the first consult booked with one.
 */
function doctorOf(source: ReportSource, caseId: string): string | undefined {
  const consults = (source.appointmentsByCase.get(caseId) ?? [])
    .filter((a) => a.stage === 'consult' && a.providerId !== undefined)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const seen = consults.find(
    (a) => a.status === 'arrived' || a.status === 'seated' || a.status === 'completed',
  );
  return (seen ?? consults[0])?.providerId;
}

function caseFacts(source: ReportSource, theCase: Case): Facts {
  return {
    locationId: theCase.locationId ?? source.patients.get(theCase.patientId)?.locationId,
    coordinatorId: theCase.ownerId,
    doctorId: doctorOf(source, theCase.id),
    referralSource: theCase.referral?.kind,
    referralPartnerId: theCase.referral?.referrerId,
  };
}

export function caseMatches(source: ReportSource, theCase: Case, filter: ReportFilter): boolean {
  return matches(caseFacts(source, theCase), filter);
}

/** An appointment is where and with whom it is booked; the rest comes from its case, when it has one. */
export function appointmentMatches(
  source: ReportSource,
  appointment: StagedAppointment,
  filter: ReportFilter,
): boolean {
  const theCase = appointment.caseId !== undefined ? source.casesById.get(appointment.caseId) : undefined;
  const fromCase = theCase ? caseFacts(source, theCase) : {};
  return matches(
    { ...fromCase, locationId: appointment.locationId, doctorId: appointment.providerId },
    filter,
  );
}

export function contractMatches(source: ReportSource, contract: Contract, filter: ReportFilter): boolean {
  const theCase = source.casesById.get(contract.caseId);
  const facts = theCase
    ? caseFacts(source, theCase)
    : { locationId: source.patients.get(contract.patientId)?.locationId };
  return matches(facts, filter);
}

export function entryMatches(source: ReportSource, entry: LedgerEntry, filter: ReportFilter): boolean {
  const contract = entry.contractId !== undefined ? source.contractsById.get(entry.contractId) : undefined;
  if (contract) return contractMatches(source, contract, filter);
  const patient = entry.patientId !== undefined ? source.patients.get(entry.patientId) : undefined;
  return matches({ locationId: patient?.locationId }, filter);
}

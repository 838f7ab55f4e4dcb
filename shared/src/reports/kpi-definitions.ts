/**
 * The KPI definitions as data: what a report screen shows beside each figure. docs/spec/reports.md
 * says the same words under the same ids; scripts/spec-reports.test.ts fails when the two differ,
 * so the screen, the code and the spec can never tell a coordinator different things.
 */

export type KpiDefinition = { id: string; title: string; definition: string };

export const KPI_DEFINITIONS = [
  {
    id: 'KPI-4',
    title: 'New-patient inquiries',
    definition:
      'Cases opened in the period, except Phase II cases (a patient already treated coming back for the next phase is not a new patient).',
  },
  {
    id: 'KPI-5',
    title: 'Exams booked',
    definition:
      'Exam (consultation) appointments whose day is in the period: seen, missed, or still booked ahead. Cancelled and moved exams are not counted: a moved exam counts on its new day.',
  },
  {
    id: 'KPI-6',
    title: 'Exams kept',
    definition:
      'Exams seen ÷ exams that were due (seen or missed) in the period. An exam cancelled ahead of time is not a no-show, and one still ahead is not due yet (as BOOK-107).',
  },
  {
    id: 'KPI-7',
    title: 'Case acceptance, new patients',
    definition:
      'New-patient cases started in the period ÷ new-patient cases examined in the period. A case is examined when its exam outcome is recorded; it is a new-patient case when it is not Phase II and was never in observation before.',
  },
  {
    id: 'KPI-8',
    title: 'Case acceptance, Phase II',
    definition:
      'Phase II cases started in the period ÷ Phase II cases examined in the period, kept apart from new patients.',
  },
  {
    id: 'KPI-9',
    title: 'Case acceptance, observation recalls',
    definition:
      'Cases started in the period that had been in observation ÷ recall exams in the period (exams of cases that had been in observation), kept apart from new patients.',
  },
  {
    id: 'KPI-10',
    title: 'Conversion within 45 days of the exam',
    definition:
      'Of the cases examined in the period, those accepted no more than 45 days after the exam day ÷ all of them. Exams less than 45 days old may still convert, so the latest figure can rise.',
  },
  {
    id: 'KPI-11',
    title: 'Same-day starts',
    definition:
      'Of the cases examined in the period, those accepted, started or with a contract signed (and not cancelled) on the exam day itself ÷ all of them.',
  },
  {
    id: 'KPI-12',
    title: 'Pending',
    definition:
      'Cases recommended or presented and not yet accepted, declined or started at the end of the period.',
  },
  {
    id: 'KPI-13',
    title: 'Pending value',
    definition:
      'What the pending cases are worth: for each, the fee of its accepted option, else its recommended one, else its highest.',
  },
  {
    id: 'KPI-14',
    title: 'Observation pool',
    definition: 'Cases in observation (waiting for a recall exam) at the end of the period.',
  },
  {
    id: 'KPI-15',
    title: 'Reasons for declines',
    definition:
      'Cases declined in the period, counted per reason given when declining (the same reason typed the same way counts together).',
  },
  {
    id: 'KPI-17',
    title: 'Average contract value',
    definition:
      'The fee of contracts signed in the period (not cancelled), totalled and divided by their number, rounded half up to the cent.',
  },
  {
    id: 'KPI-18',
    title: 'Pay-in-full share',
    definition: 'Contracts signed in the period to be paid in full ÷ all contracts signed in the period.',
  },
  {
    id: 'KPI-19',
    title: 'Average down payment',
    definition:
      'The down payment of contracts signed in the period that are paid over time (not in full), totalled and divided by their number, rounded half up to the cent.',
  },
  {
    id: 'KPI-20',
    title: 'Production',
    definition:
      'The fee of the contracts of cases started in the period (a contract that is proposed only or cancelled is not production).',
  },
  {
    id: 'KPI-21',
    title: 'Collections',
    definition:
      'Payments received in the period, patient and insurance, minus payments reversed in the period. Refunds are not taken off.',
  },
  {
    id: 'KPI-22',
    title: 'Collections ÷ production',
    definition: 'Collections of the period ÷ production of the period, both in cents.',
  },
  {
    id: 'KPI-23',
    title: 'No-show rate',
    definition: 'Appointments of every kind missed in the period ÷ those due in the period (seen or missed).',
  },
  {
    id: 'KPI-24',
    title: 'Cancellation rate',
    definition:
      'Appointments of every kind cancelled in the period ÷ those seen, missed or cancelled in the period.',
  },
  {
    id: 'KPI-25',
    title: 'Starts',
    definition: 'Cases whose treatment started in the period, whatever their kind.',
  },
  {
    id: 'KPI-26',
    title: 'Debonds',
    definition: 'Debond appointments seen in the period.',
  },
  {
    id: 'KPI-27',
    title: 'Past estimated completion',
    definition:
      'Cases in treatment at the end of the period whose start date plus the months of their option is before the end of the period.',
  },
  {
    id: 'KPI-28',
    title: 'In treatment with nothing booked',
    definition:
      'Cases in treatment at the end of the period whose patient has no appointment after the end of the period that holds its slot (booked, or since seen).',
  },
] as const satisfies readonly KpiDefinition[];

export type KpiId = (typeof KPI_DEFINITIONS)[number]['id'];

const BY_ID = new Map<string, KpiDefinition>(KPI_DEFINITIONS.map((d) => [d.id, d]));

/** The definition shown beside a figure. */
export function kpiDefinition(id: KpiId): KpiDefinition {
  return BY_ID.get(id)!;
}

/** The areas of the coordinator's work (docs/spec), with what each will hold. */
export type Area = {
  path: string;
  title: string;
  icon:
    | 'today'
    | 'patients'
    | 'pipeline'
    | 'schedule'
    | 'insurance'
    | 'billing'
    | 'comms'
    | 'records'
    | 'reports'
    | 'settings';
  summary: string;
  coming: string[];
  ready: boolean;
};

export const AREAS: Area[] = [
  { path: '/', title: 'Today', icon: 'today', ready: true, summary: 'Your day at a glance.', coming: [] },
  {
    path: '/patients',
    title: 'Patients',
    icon: 'patients',
    ready: true,
    summary: 'Patients, families and responsible parties.',
    coming: [],
  },
  {
    path: '/pipeline',
    title: 'Pipeline',
    icon: 'pipeline',
    ready: true,
    summary:
      'From first inquiry to treatment start: every case and every pending family, impossible to ignore.',
    coming: [
      'New-patient inquiries with referral sources, in under 30 seconds',
      'Cases with their status history, treatment options and side-by-side presentation on a tablet',
      'Signed consent bound to the exact terms',
      'Pending follow-up board with blocker tags, owners and due dates',
    ],
  },
  {
    path: '/schedule',
    title: 'Schedule',
    icon: 'schedule',
    ready: true,
    summary: 'The appointment book for every location, chair and provider.',
    coming: [
      'Day, week and provider views',
      'Readiness checks before bonding and aligner starts',
      'Missed-appointment recovery lists',
      'Reminders and calendar export',
    ],
  },
  {
    path: '/insurance',
    title: 'Insurance',
    icon: 'insurance',
    ready: true,
    summary: 'Ortho benefits, verified and explained.',
    coming: [
      'Policies and benefit verification worklist',
      'Explainable estimates with every reduction named',
      'Expected insurer payment schedules',
      'Pre-authorizations and claims',
    ],
  },
  {
    path: '/billing',
    title: 'Contracts & billing',
    icon: 'billing',
    ready: true,
    summary: 'Payment plans, signed contracts and the ledger.',
    coming: [
      'Payment options with a down-payment slider',
      'Signed, locked contracts with amendments',
      'Append-only ledger, balances and aging',
      'Collections worklist and statements',
    ],
  },
  {
    path: '/communications',
    title: 'Communications',
    icon: 'comms',
    ready: true,
    summary: 'Every call, text, email and conversation, logged.',
    coming: ['Communication log per patient', 'Templates with merge fields', 'Follow-up tasks'],
  },
  {
    path: '/records',
    title: 'Records & lab',
    icon: 'records',
    ready: true,
    summary: 'Consents, photos, scans, notes and lab or aligner orders.',
    coming: [
      'Clinical records per patient',
      'Lab and aligner orders with due dates that block delivery appointments',
    ],
  },
  {
    path: '/reports',
    title: 'Reports',
    icon: 'reports',
    ready: true,
    summary: 'KPIs for managers and owners, with every definition stated.',
    coming: [
      'Case acceptance, exam rate, pending value',
      'Starts vs debonds, no-show rate, A/R aging',
      'Filters by location, coordinator, doctor and referral source',
    ],
  },
  {
    path: '/settings',
    title: 'Settings',
    icon: 'settings',
    ready: true,
    summary: 'Practice, locations and this device.',
    coming: [],
  },
];

export function area(path: string): Area {
  const found = AREAS.find((a) => a.path === path);
  if (!found) throw new Error(`No area ${path}`);
  return found;
}

/**
 * The sources of the practice-wide lists, in the order their keys are computed after a first
 * sync (the board and Today first). A new list that needs new data adds its source here.
 */
import { accountsSource } from './accounts-source.ts';
import { appointmentsSource } from './appointments-source.ts';
import { casesSource } from './cases-source.ts';
import { insuranceSource } from './insurance-source.ts';
import { labSource } from './lab-source.ts';
import { reportChartsSource, reportMoneySource } from './report-sources.ts';
import type { AnySource } from './projection-source.ts';

export const PRACTICE_SOURCES: readonly AnySource[] = [
  casesSource,
  accountsSource,
  insuranceSource,
  appointmentsSource,
  labSource,
  // The reports screen's records: computed last, no list of the day's work waits for them.
  reportChartsSource,
  reportMoneySource,
] as AnySource[];

// The money KPIs on the hand-built practice (report-test-fixtures.ts), January 2026 in Chicago.
// Every figure is worked out by hand in the comments; amounts in cents.
import { describe, expect, it } from 'vitest';
import * as money from './money-kpis.ts';
import { averageCentsHalfUp, ratioPercentHalfUp } from './kpi-result.ts';
import { JANUARY, expectFigure, practiceSource as source } from './report-test-fixtures.ts';

describe('money KPIs, January', () => {
  it('KPI-17: averages the fees of contracts signed in January, leaving out a cancelled one and a proposal', () => {
    // Signed in January: K1 Ava $6,000 (01-12), K2 Eli $3,000 (01-16). K5 Cal was signed 01-20 but
    // cancelled; K4 Ben is only proposed; K3 Fay is signed 02-10. (600,000 + 300,000) ÷ 2 = $4,500.
    expectFigure(
      money.averageContractValue(source, JANUARY),
      { kind: 'average-cents', totalCents: 900_000, count: 2 },
      ['ctr_k1000000', 'ctr_k2000000'],
    );
    expect(averageCentsHalfUp({ totalCents: 900_000, count: 2 })).toBe(450_000);
  });

  it('KPI-18: one of the two contracts signed in January is paid in full (Eli’s)', () => {
    const result = expectFigure(
      money.payInFullShare(source, JANUARY),
      { kind: 'ratio', numerator: 1, denominator: 2 },
      ['ctr_k2000000'],
    );
    expect(result.base).toEqual(['ctr_k1000000', 'ctr_k2000000']);
  });

  it('KPI-19: the average down payment leaves out pay-in-full contracts: Ava’s $1,000 alone', () => {
    expectFigure(
      money.averageDownPayment(source, JANUARY),
      { kind: 'average-cents', totalCents: 100_000, count: 1 },
      ['ctr_k1000000'],
    );
  });

  it('KPI-20: production is the contract fees of the cases started in January: $9,000', () => {
    // Started in January: Ava 01-26 (K1 $6,000), Eli 01-28 (K2 $3,000).
    expectFigure(money.production(source, JANUARY), { kind: 'cents', cents: 900_000 }, [
      'ctr_k1000000',
      'ctr_k2000000',
    ]);
  });

  it('KPI-21: collections are January’s payments minus January’s reversals, whatever month the payment was', () => {
    //   L1 Ava down payment            +100,000
    //   L2 Eli paid in full             +300,000
    //   L3 Hal check                     +20,000
    //   L4 reversal of L3 (returned)     −20,000
    //   L5 Hal card                      +20,000
    //   L6 Ivy's insurer                 +50,000
    //   L8 reversal of L7 (a December payment)  −20,000
    //   L10 Dee at her exam (no contract)         +5,000
    //   = 455,000. The charge L9 is not money received; the broken −$50 entry is never counted.
    expectFigure(money.collections(source, JANUARY), { kind: 'cents', cents: 455_000 }, [
      'lge_l0100000',
      'lge_l0200000',
      'lge_l0300000',
      'lge_l0400000',
      'lge_l0500000',
      'lge_l0600000',
      'lge_l0800000',
      'lge_l1000000',
    ]);
  });

  it('KPI-21: December keeps its own collections: the payment reversed in January still counts there', () => {
    expectFigure(
      money.collections(source, { period: { from: '2025-12-01', to: '2025-12-31' } }),
      { kind: 'cents', cents: 20_000 },
      ['lge_l0700000'],
    );
  });

  it('KPI-22: collections over production is 455,000 ÷ 900,000, shown as 51%', () => {
    // 455,000 / 900,000 = 50.56% → 51% half up.
    const result = money.collectionsOverProduction(source, JANUARY);
    expect(result.value).toEqual({ kind: 'ratio', numerator: 455_000, denominator: 900_000 });
    expect(result.base).toEqual(['ctr_k1000000', 'ctr_k2000000']);
    expect(result.members).toHaveLength(8);
    expect(ratioPercentHalfUp({ numerator: 455_000, denominator: 900_000 })).toBe(51);
  });
});

import { describe, expect, it } from 'vitest';
import {
  MERGE_FIELDS,
  checkTemplateBody,
  mailtoHref,
  mergeValues,
  renderTemplate,
  smsHref,
  spokenLocalDate,
} from './template.ts';

describe('TPL-1: merge fields', () => {
  it('lists each key once, with a label and an example', () => {
    const keys = MERGE_FIELDS.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(30);
    for (const field of MERGE_FIELDS) {
      expect(field.label.length).toBeGreaterThan(0);
      expect(field.example.length).toBeGreaterThan(0);
    }
  });

  it('renders every example without anything missing or unknown', () => {
    const body = MERGE_FIELDS.map((f) => `{{${f.key}}}`).join('|');
    const values = Object.fromEntries(MERGE_FIELDS.map((f) => [f.key, f.example]));
    expect(renderTemplate(body, values)).toEqual({
      text: MERGE_FIELDS.map((f) => f.example).join('|'),
      missing: [],
      unknown: [],
    });
  });
});

describe('TPL-2, TPL-3: rendering a template', () => {
  it('replaces fields, with or without spaces inside the braces', () => {
    const result = renderTemplate(
      'Hi {{patient.firstName}}, this is {{ coordinator.name }} at {{  practice.name  }}.',
      {
        'patient.firstName': 'Emma',
        'coordinator.name': 'Jess',
        'practice.name': 'Bright Smiles',
      },
    );
    expect(result).toEqual({ text: 'Hi Emma, this is Jess at Bright Smiles.', missing: [], unknown: [] });
  });

  it('inserts values literally, never as markup', () => {
    const result = renderTemplate('Hi {{patient.firstName}}', {
      'patient.firstName': '<script>alert(1)</script>',
    });
    expect(result.text).toBe('Hi <script>alert(1)</script>');
  });

  it('does not expand a field that appears inside a value (single pass)', () => {
    const result = renderTemplate('{{patient.firstName}} / {{practice.name}}', {
      'patient.firstName': '{{practice.name}}',
      'practice.name': 'Bright Smiles',
    });
    expect(result.text).toBe('{{practice.name}} / Bright Smiles');
  });

  it('keeps replacement patterns such as $& in values as written', () => {
    expect(renderTemplate('Fee: {{option.fee}}', { 'option.fee': "$&$1$'" }).text).toBe("Fee: $&$1$'");
  });

  it('shows missing and empty values as their label and lists each once', () => {
    const result = renderTemplate(
      '{{party.firstName}}, {{option.fee}} {{party.firstName}} {{practice.phone}}',
      {
        'option.fee': '  ',
        'practice.phone': undefined,
      },
    );
    expect(result).toEqual({
      text: '[Parent first name], [Treatment fee] [Parent first name] [Practice phone]',
      missing: ['party.firstName', 'option.fee', 'practice.phone'],
      unknown: [],
    });
  });

  it('leaves unknown fields as written and lists each once', () => {
    const result = renderTemplate('Hi {{ patient.nickname }} {{ patient.nickname }} {{doctor}}', {});
    expect(result).toEqual({
      text: 'Hi {{ patient.nickname }} {{ patient.nickname }} {{doctor}}',
      missing: [],
      unknown: ['patient.nickname', 'doctor'],
    });
  });

  it('leaves text without fields untouched', () => {
    expect(renderTemplate('No fields { here } at all.', {}).text).toBe('No fields { here } at all.');
  });
});

describe('TPL-4: checking a template body', () => {
  it('accepts a body with known fields only', () => {
    expect(checkTemplateBody('Hi {{patient.firstName}}, call {{ practice.phone }}.')).toEqual([]);
  });

  it('names each unknown field once', () => {
    expect(checkTemplateBody('{{ patient.nickname }} {{patient.nickname}} {{}}')).toEqual([
      { path: 'body', message: 'Unknown merge field {{ patient.nickname }}' },
      { path: 'body', message: 'An empty merge field {{ }}: choose a field' },
    ]);
  });

  it('finds an unclosed {{', () => {
    expect(checkTemplateBody('Hi {{patient.firstName')).toEqual([
      { path: 'body', message: 'A {{ is not closed with }}' },
    ]);
    expect(checkTemplateBody('Hi {{patient.firstName {{practice.name}}')).toEqual([
      { path: 'body', message: 'A {{ is not closed with }}' },
    ]);
  });

  it('finds a }} without {{', () => {
    expect(checkTemplateBody('Hi patient.firstName}}')).toEqual([
      { path: 'body', message: 'A }} has no {{ before it' },
    ]);
  });
});

describe('TPL-6: mailto links', () => {
  it('encodes subject and body and writes line breaks as CRLF', () => {
    expect(
      mailtoHref('maria@example.com', 'Emma’s options & next steps', 'Hi Maria,\nSee you soon.\r\nJess'),
    ).toBe(
      'mailto:maria@example.com?subject=Emma%E2%80%99s%20options%20%26%20next%20steps&body=Hi%20Maria%2C%0D%0ASee%20you%20soon.%0D%0AJess',
    );
  });

  it('leaves out what is not given', () => {
    expect(mailtoHref(undefined, undefined, 'Hello')).toBe('mailto:?body=Hello');
    expect(mailtoHref('a@b.co', undefined, '')).toBe('mailto:a@b.co');
  });

  it('encodes characters that would break the link', () => {
    expect(mailtoHref('a@b.co?cc=x@y.z', 'a=b', '100% #1')).toBe(
      'mailto:a@b.co%3Fcc%3Dx@y.z?subject=a%3Db&body=100%25%20%231',
    );
  });

  it('survives text with a lone surrogate instead of throwing', () => {
    expect(mailtoHref(undefined, undefined, 'x\uD800y')).toBe('mailto:?body=x%EF%BF%BDy');
  });
});

describe('TPL-6: sms links', () => {
  it('uses the ?&body= form that iOS and Android both read', () => {
    expect(smsHref('+15125550123', 'See you Tuesday, Emma!\nJess')).toBe(
      'sms:+15125550123?&body=See%20you%20Tuesday%2C%20Emma!%0AJess',
    );
  });

  it('keeps only + and digits of the number, and works without one', () => {
    expect(smsHref('+1 (512) 555-0123', 'Hi')).toBe('sms:+15125550123?&body=Hi');
    expect(smsHref(undefined, 'a&b')).toBe('sms:?&body=a%26b');
  });
});

describe('TPL-5: merge values', () => {
  it('spells a local date the way people say it', () => {
    expect(spokenLocalDate('2026-12-01')).toBe('Tuesday, December 1');
    expect(spokenLocalDate('2028-02-29')).toBe('Tuesday, February 29');
    expect(spokenLocalDate('2026-03-08')).toBe('Sunday, March 8');
    expect(spokenLocalDate('not a date')).toBeNull();
  });

  it('fills every field from full records, formatting money from cents', () => {
    const values = mergeValues({
      patient: { firstName: 'Emma', lastName: 'Rivera', preferredName: 'Em' },
      party: { firstName: 'Maria', lastName: 'Rivera' },
      practice: { name: 'Bright Smiles', phone: '(512) 555-0123' },
      coordinatorName: 'Jess',
      caseType: 'phase-1',
      option: {
        name: 'Clear aligners',
        feeCents: 600000,
        months: 18,
        insuranceEstimateCents: 150000,
        downPaymentCents: 50000,
        installments: 12,
      },
      followUpDate: '2026-12-01',
    });
    expect(values).toEqual({
      'patient.firstName': 'Emma',
      'patient.lastName': 'Rivera',
      'patient.preferredName': 'Em',
      'party.firstName': 'Maria',
      'party.lastName': 'Rivera',
      'practice.name': 'Bright Smiles',
      'practice.phone': '(512) 555-0123',
      'coordinator.name': 'Jess',
      'case.type': 'Phase I',
      'option.name': 'Clear aligners',
      'option.fee': '$6,000.00',
      'option.months': '18',
      'option.downPayment': '$500.00',
      'option.monthly': '$333.33',
      'option.insurance': '$1,500.00',
      'option.patientPortion': '$4,500.00',
      'followUp.date': 'Tuesday, December 1',
    });
  });

  it('greets a patient without a preferred name by first name', () => {
    expect(mergeValues({ patient: { firstName: 'Emma', lastName: 'Rivera' } })['patient.preferredName']).toBe(
      'Emma',
    );
  });

  it('has no down or monthly payment for an option paid in full', () => {
    const values = mergeValues({ option: { name: 'Metal braces', feeCents: 500000, months: 24 } });
    expect(values['option.downPayment']).toBeUndefined();
    expect(values['option.monthly']).toBeUndefined();
    expect(values['option.insurance']).toBe('$0.00');
    expect(values['option.patientPortion']).toBe('$5,000.00');
  });

  it('leaves everything absent when nothing is known, so it renders as labels', () => {
    const values = mergeValues({});
    const body = '{{patient.firstName}} {{option.fee}} {{followUp.date}}';
    expect(renderTemplate(body, values)).toEqual({
      text: '[Patient first name] [Treatment fee] [Follow-up date]',
      missing: ['patient.firstName', 'option.fee', 'followUp.date'],
      unknown: [],
    });
  });
});

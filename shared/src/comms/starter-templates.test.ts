import { describe, expect, it } from 'vitest';
import { TemplateFields } from './comms.schema.ts';
import { STARTER_TEMPLATES } from './starter-templates.ts';
import { checkTemplateBody } from './template.ts';
import { checkReminderTemplateBody } from '../schedule/reminders.ts';

describe('TPL-4: starter templates', () => {
  it.each(STARTER_TEMPLATES.map((t) => [t.name, t] as const))(
    '“%s” is a valid template using only known merge fields',
    (_, template) => {
      expect(TemplateFields.safeParse(template).success).toBe(true);
      // Reminders also know the appointment's fields (schedule/reminders.ts).
      const check = template.purpose === 'reminder' ? checkReminderTemplateBody : checkTemplateBody;
      expect(check(template.body)).toEqual([]);
      if (template.subject) expect(checkTemplateBody(template.subject)).toEqual([]);
    },
  );
});

/** The carrier form on Settings: the insurance companies the practice bills (START-2 counts them). */
import { ok, err, type Result } from '../core/result.ts';
import { addIssues, readPhone, type FieldErrors } from '../core/form-fields.ts';
import { CarrierFields } from './insurance.schema.ts';

export type CarrierForm = { name: string; payerId: string; phone: string };

export const emptyCarrierForm = (): CarrierForm => ({ name: '', payerId: '', phone: '' });

export type CarrierFormValue = { name: string; payerId?: string; phone?: string; active: true };

/** Reads the form: a name, and optionally the payer id and the provider-services phone. */
export function readCarrierForm(form: CarrierForm): Result<CarrierFormValue, FieldErrors<CarrierForm>> {
  const errors: FieldErrors<CarrierForm> = {};
  const phone = readPhone(form.phone);
  if (phone.error) errors.phone = phone.error;
  const payerId = form.payerId.trim();
  const value: CarrierFormValue = {
    name: form.name.trim(),
    ...(payerId ? { payerId } : {}),
    ...(phone.value ? { phone: phone.value } : {}),
    active: true,
  };
  const checked = CarrierFields.safeParse(value);
  if (!checked.success) addIssues(checked.error.issues, form, errors);
  return Object.keys(errors).length > 0 ? err(errors) : ok(value);
}

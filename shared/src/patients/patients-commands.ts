/** The patients document's commands as the app runs them (documents/commands.ts): permission, audit, undo. */
import { audited, command } from '../documents/commands.ts';
import {
  addCarrier,
  addReferrer,
  addResponsibleParty,
  createFamily,
  linkResponsibleParty,
  registerPatient,
  unlinkResponsibleParty,
  updateCarrier,
  updateFamily,
  updateLink,
  updatePatient,
  updateReferrer,
  updateResponsibleParty,
} from './patients-doc.ts';

export const PATIENTS_COMMANDS = {
  register: command({
    name: 'patients/register-patient',
    docKind: 'patients',
    run: registerPatient,
    audit: ({ patient }) => [
      { action: 'create', entity: 'patient', entityId: patient.id, patientId: patient.id },
    ],
  }),
  update: command({
    name: 'patients/update-patient',
    docKind: 'patients',
    run: updatePatient,
    audit: (_value, [id, patch]) => [
      { action: 'update', entity: 'patient', entityId: id, patientId: id, fields: Object.keys(patch) },
    ],
  }),
  createFamily: command({
    name: 'patients/create-family',
    docKind: 'patients',
    run: createFamily,
    audit: audited.created('family'),
  }),
  updateFamily: command({
    name: 'patients/update-family',
    docKind: 'patients',
    run: updateFamily,
    audit: audited.updated('family'),
  }),
  addParty: command({
    name: 'patients/add-responsible-party',
    docKind: 'patients',
    run: addResponsibleParty,
    audit: audited.created('responsible-party'),
  }),
  updateParty: command({
    name: 'patients/update-responsible-party',
    docKind: 'patients',
    run: updateResponsibleParty,
    audit: audited.updated('responsible-party'),
  }),
  link: command({
    name: 'patients/link-responsible-party',
    docKind: 'patients',
    run: linkResponsibleParty,
    audit: (link) => [{ action: 'create', entity: 'link', entityId: link.id, patientId: link.patientId }],
  }),
  updateLink: command({
    name: 'patients/update-link',
    docKind: 'patients',
    run: updateLink,
    audit: audited.updated('link'),
  }),
  unlink: command({
    name: 'patients/unlink-responsible-party',
    docKind: 'patients',
    run: unlinkResponsibleParty,
    audit: (link, [id]) => [
      { action: 'delete', entity: 'link', entityId: id, ...(link ? { patientId: link.patientId } : {}) },
    ],
  }),
  addReferrer: command({
    name: 'patients/add-referrer',
    docKind: 'patients',
    run: addReferrer,
    audit: audited.created('referrer'),
  }),
  updateReferrer: command({
    name: 'patients/update-referrer',
    docKind: 'patients',
    run: updateReferrer,
    audit: audited.updated('referrer'),
  }),
  addCarrier: command({
    name: 'patients/add-carrier',
    docKind: 'patients',
    run: addCarrier,
    audit: audited.created('carrier'),
  }),
  updateCarrier: command({
    name: 'patients/update-carrier',
    docKind: 'patients',
    run: updateCarrier,
    audit: audited.updated('carrier'),
  }),
};

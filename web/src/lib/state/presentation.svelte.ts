/**
 * The treatment presentation of one case, as state for its screen: the options with their
 * quotes (every amount from the plan engine, PLAN-101), the family's choice on each slider, the
 * documents to sign, and the one motion from choosing to a signed contract (CONTRACT-101,
 * CONTRACT-102). The decisions are the shared rules and workflows; this adapts them to Svelte
 * state and the open documents. Call during component initialisation.
 */
import {
  checkSignature,
  choiceOfOption,
  documentSteps,
  documentToSign,
  estimateAllOptions,
  optionFieldsOfChoice,
  otherDocumentSteps,
  quoteOption,
  sameChoice,
  signatureRecordOf,
  agreementOutcomeText,
  suggestedChoice,
  SIGNED_DOCUMENT_LABELS,
  type DocumentSubject,
  type OptionQuote,
  type PaymentChoice,
  type Signature,
  type SignedDocumentKind,
  type SignerRole,
  type TreatmentOption,
  type TypedSignature,
} from '@aligned/shared';
import type { AppState } from './app.svelte.ts';
import { usePatientCare } from './patient-care.svelte.ts';
import { useFamilyContracts } from './family-contracts.svelte.ts';
import { acceptMoves, signingContextOf } from '../signing.ts';
import { writeErrorText } from '../write-error.ts';

/** Who signs, witnessed by whom, and their mark: a drawing (SIG-6) or a typed name (SIG-7). */
export type Signer = {
  name: string;
  role: SignerRole;
  witnessId: string;
} & ({ path: string; typed?: undefined } | { path?: undefined; typed: TypedSignature });

export function usePresentation(app: AppState, patientId: () => string, caseId: () => string) {
  const opened = usePatientCare(app, patientId);
  const care = $derived(opened.care);
  const patient = $derived(app.patients?.get(patientId()));
  /** The patient's responsible parties, with how each is linked (whom to prefill as signer). */
  const parties = $derived(patient ? (app.patients?.familyOf(patient).parties ?? []) : []);
  const family = useFamilyContracts(app, () => patient?.familyId);
  const settings = $derived(app.practice?.practice?.paymentSettings ?? {});
  const today = $derived(app.today());

  const theCase = $derived(care?.chart.cases.find((c) => c.id === caseId()));
  const options = $derived(care?.chart.options.filter((o) => o.caseId === caseId()) ?? []);
  const accepted = $derived(
    theCase?.acceptedOptionId
      ? options.find((o) => o.id === theCase?.acceptedOptionId && o.status === 'accepted')
      : undefined,
  );
  /** Live insurance estimates per option from the patient's verified benefits (none without policies). */
  const estimates = $derived.by(() => {
    if (!care || care.insurance.policies.length === 0) return null;
    return estimateAllOptions(options, {
      startDate: today,
      patientDateOfBirth: patient?.dateOfBirth,
      insurance: care.insurance,
    });
  });
  const context = $derived(signingContextOf(app, patient, care?.chart, family));
  /** Treatment started: the chosen terms are the contract's now, changed only by amendment. */
  const started = $derived(!!theCase && ['started', 'retention', 'completed'].includes(theCase.status));

  /** Choices made on the sliders, per option, before choosing (and while terms are reopened). */
  let choices = $state.raw(new Map<string, PaymentChoice>());
  /** The accepted option whose terms the family reopened ("Change terms"). */
  let reopened = $state<string | null>(null);

  const isFrozen = (option: TreatmentOption) => option.status === 'accepted' && reopened !== option.id;

  /** The insurance the family is shown: the engine's estimate, or what was kept when they chose. */
  function insuranceOf(option: TreatmentOption): number {
    if (isFrozen(option)) return option.insuranceEstimateCents ?? 0;
    return estimates?.get(option.id)?.totalInsuranceCents ?? option.insuranceEstimateCents ?? 0;
  }

  function choiceOf(option: TreatmentOption): PaymentChoice {
    if (isFrozen(option)) return choiceOfOption(option);
    const chosen = choices.get(option.id);
    if (chosen) return chosen;
    const portion = quoteOption(
      { feeCents: option.feeCents, insuranceCents: insuranceOf(option), settings, startDate: today },
      { payInFull: true },
    ).patientPortionCents;
    return suggestedChoice(option, portion, settings);
  }

  function quoteOf(option: TreatmentOption): OptionQuote {
    return quoteOption(
      { feeCents: option.feeCents, insuranceCents: insuranceOf(option), settings, startDate: today },
      choiceOf(option),
    );
  }

  const steps = $derived(
    accepted && context ? documentSteps(caseId(), accepted.id, care?.chart.signatures ?? [], context) : [],
  );
  const otherSteps = $derived(
    accepted && context ? otherDocumentSteps(caseId(), care?.chart.signatures ?? [], context) : [],
  );
  const caseContract = $derived(
    family.contracts.find(
      (c) => c.caseId === caseId() && ['proposed', 'signed', 'active'].includes(c.status),
    ),
  );

  function subjectOf(kind: SignedDocumentKind): DocumentSubject {
    return {
      kind,
      caseId: caseId(),
      ...(accepted ? { option: accepted } : {}),
      ...(kind === 'autopay-authorization' && caseContract ? { contract: caseContract } : {}),
    };
  }

  /** CONTRACT-101: the contract of a valid financial agreement, made and signed by it. */
  function makeContract(agreement: Signature): string | null {
    if (!accepted || !patient) return null;
    if (!app.canWrite('contracts').allowed)
      return 'Someone who manages contracts makes the contract from this agreement on the account.';
    const account = family.account;
    if (!account) return 'The family account is not open on this device: make the contract on the account.';
    const guarantor = app.patients?.familyOf(patient).parties[0]?.party;
    const result = account.contractFromAgreement({
      patientId: patient.id,
      caseId: caseId(),
      option: accepted,
      agreement,
      parties: guarantor ? [{ partyId: guarantor.id, share: { kind: 'percent', percent: 100 } }] : [],
      startDate: today,
    });
    return result.ok
      ? agreementOutcomeText(result.value)
      : `No contract yet: ${writeErrorText(result.error)}`;
  }

  return {
    get care() {
      return care;
    },
    get openError() {
      return opened.error;
    },
    get patient() {
      return patient;
    },
    get parties() {
      return parties;
    },
    get theCase() {
      return theCase;
    },
    get options() {
      return options;
    },
    get accepted() {
      return accepted;
    },
    get estimates() {
      return estimates;
    },
    get context() {
      return context;
    },
    get steps() {
      return steps;
    },
    get otherSteps() {
      return otherSteps;
    },
    get started() {
      return started;
    },
    get contract() {
      return caseContract;
    },
    isFrozen,
    quoteOf,
    /** The case can accept this option from where it is (null: it cannot). */
    movesFor: (option: TreatmentOption) =>
      theCase ? acceptMoves(theCase.status, option.id, accepted?.id) : null,
    choose(option: TreatmentOption, choice: PaymentChoice) {
      choices = new Map(choices).set(option.id, choice);
    },
    stateOf: (signature: Signature) => (context ? checkSignature(signature, context) : null),
    /** The document to sign now for `kind`, or why it cannot be signed yet. */
    documentFor(kind: SignedDocumentKind) {
      return context ? documentToSign(subjectOf(kind), context, today) : null;
    },

    /** Accepts `option` with the family's choice and the insurance estimate they saw (PLAN-102). */
    accept(option: TreatmentOption): string | null {
      if (!care || !theCase) return 'The case is not open yet.';
      const estimate = estimates?.get(option.id);
      const kept = care.updateOption(option.id, {
        ...(estimate ? { insuranceEstimateCents: estimate.totalInsuranceCents } : {}),
        ...optionFieldsOfChoice(choiceOf(option)),
      });
      if (!kept.ok) return `Could not keep the chosen terms: ${writeErrorText(kept.error)}`;
      for (const to of acceptMoves(theCase.status, option.id, accepted?.id) ?? []) {
        const moved = care.changeStatus(caseId(), to === 'accepted' ? { to, optionId: option.id } : { to });
        if (!moved.ok)
          return `Could not ${to === 'accepted' ? `accept ${option.name}` : 'mark the case presented'}: ${writeErrorText(moved.error)}`;
      }
      return null;
    },

    /**
     * CONTRACT-102: the family changes the terms they chose: the slider opens again and a
     * contract not yet active is withdrawn (its agreement shows void once other terms are kept).
     */
    reopenTerms(option: TreatmentOption): string | null {
      if (started) return 'Treatment has started: change the contract by amendment on the account.';
      if (caseContract && app.canWrite('contracts').allowed && family.account) {
        const withdrawn = family.account.withdrawForNewTerms(caseId());
        if (!withdrawn.ok) return writeErrorText(withdrawn.error);
      }
      choices = new Map(choices).set(option.id, choiceOfOption(option));
      reopened = option.id;
      return null;
    },
    /** Keeps the reopened terms; when they are the ones signed, the contract is made again. */
    keepTerms(option: TreatmentOption): { error?: string; note?: string } {
      if (!care) return { error: 'The case is not open yet.' };
      const choice = choices.get(option.id) ?? choiceOfOption(option);
      if (!sameChoice(choice, choiceOfOption(option))) {
        const kept = care.updateOption(option.id, optionFieldsOfChoice(choice));
        if (!kept.ok) return { error: `Could not keep the terms: ${writeErrorText(kept.error)}` };
      }
      reopened = null;
      const agreement = steps.find((s) => s.kind === 'financial-agreement');
      if (
        agreement?.done &&
        agreement.latest &&
        sameChoice(choice, choiceOfOption(option)) &&
        !caseContract
      ) {
        const note = makeContract(agreement.latest);
        return note ? { note } : {};
      }
      return {};
    },

    /** Signs a document now; returns what to tell the coordinator, or why it was not signed. */
    sign(kind: SignedDocumentKind, signer: Signer): { error?: string; done?: string } {
      if (!care || !context) return { error: 'The case is not open yet.' };
      const document = documentToSign(subjectOf(kind), context, today);
      if (!document.ok) return { error: document.error.message };
      if (document.value.missing.length > 0)
        return { error: `Fill in first: ${document.value.missing.join(', ')}.` };
      const result = care.addSignature({
        caseId: caseId(),
        ...(accepted && kind !== 'hipaa-acknowledgement' && kind !== 'photo-release'
          ? { optionId: accepted.id }
          : {}),
        ...(kind === 'autopay-authorization' && caseContract ? { contractId: caseContract.id } : {}),
        ...signatureRecordOf(document.value),
        signerName: signer.name,
        signerRole: signer.role,
        ...(signer.typed ? { typed: signer.typed } : { signaturePath: signer.path }),
        signedAt: new Date().toISOString(),
        witnessId: signer.witnessId,
      });
      if (!result.ok) return { error: writeErrorText(result.error) };
      const signed = `${SIGNED_DOCUMENT_LABELS[kind]} signed`;
      if (kind !== 'financial-agreement') return { done: signed };
      const note = makeContract(result.value);
      return { done: note ? `${signed}. ${note}` : signed };
    },
  };
}

export type Presentation = ReturnType<typeof usePresentation>;

/**
 * Commands: every write a screen makes, named once in a table with what it touches, and run
 * through one executor that applies the concerns every write shares, so no screen or state class
 * writes them again:
 *
 * - **permission**: the kind of document it writes is checked against the shared permission
 *   table (identity/permissions.ts) before anything is written; a refusal is a value, not a throw.
 *   The relay enforces the same table; this is the UI's mirror of it.
 * - **typed origin**: the command runs with the session's `LocalOrigin`, so sync counts it as this
 *   device's edit and `updatedBy` names the person.
 * - **undo scope**: an undoable command runs with the session origin the undo manager tracks; a
 *   final one (history: appended entries, signatures, payments) runs with an untracked twin of it,
 *   so undo can never try to take back what the relay refuses to lose.
 * - **audit**: what it changed (ids and field names, never values) is recorded after it succeeds,
 *   stamped with the patient it concerns when the executor is scoped to one.
 *
 * The idea follows a command table in which each handler is registered once, wrapped in its
 * behaviours, and the UI only sends named messages.
 */
import type * as Y from 'yjs';
import { err, type Result } from '../core/result.ts';
import type { AuditAction, AuditEntity } from '../audit/audit-chain.ts';
import type { DocKind } from './doc-names.ts';
import type { WriteContext, WriteError } from './collection.ts';
import { localOrigin, type LocalOrigin, type MigrationOrigin } from './origins.ts';
import type { WorkflowChange } from './workflow-change.ts';
import type { RelatedRecord } from '../identity/entry-rules.ts';

/** One line of the audit trail a command asks for: ids and field names only. */
export type AuditNote = {
  action: Exclude<AuditAction, 'view' | 'print' | 'export'>;
  entity: AuditEntity;
  entityId: string;
  patientId?: string;
  fields?: string[];
};

/**
 * A command. `E` is the errors it returns: `WriteError`, or a richer one built on it (which says
 * where in a form the problem is); the executor adds `denied` to it.
 */
export type Command<A extends unknown[], T, E extends WriteError = WriteError> = {
  /** `<feature>/<verb-noun>`: how the command is named in tests and docs. */
  readonly name: string;
  /** The kind of document it writes: what the permission check asks about. */
  readonly docKind: DocKind;
  /** False for history, which is appended and never taken back (see the module comment). */
  readonly undoable: boolean;
  readonly run: (doc: Y.Doc, ctx: WriteContext, ...args: A) => Result<T, E>;
  /** What to record once it succeeded. */
  readonly audit: (value: T, args: A) => readonly AuditNote[];
  /**
   * The entries it adds, for roles allowed to add some entries to a document they otherwise only
   * read (front desk: an inquiry in a chart, a counter payment on a ledger; `mayAdd`).
   */
  readonly adds?: ((...args: A) => readonly AddedEntry[]) | undefined;
};

/**
 * An entry a command adds to one collection, as the finer permission rules judge it; `related` is
 * the record it names as the write leaves it, for grants with a rule (PERM-10: a case event and its
 * case).
 */
export type AddedEntry = {
  collection: string;
  entry: Readonly<Record<string, unknown>>;
  related?: RelatedRecord | null;
};

// The table's entries differ in arguments and value; `any` here is what lets one table hold them
// (each entry keeps its own exact types through `command`).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any, any, any>;

/** Declares a command. Undoable unless it says otherwise. */
export function command<A extends unknown[], T, E extends WriteError = WriteError>(spec: {
  name: string;
  docKind: DocKind;
  run: (doc: Y.Doc, ctx: WriteContext, ...args: A) => Result<T, E>;
  audit: (value: T, args: A) => readonly AuditNote[];
  undoable?: boolean;
  adds?: (...args: A) => readonly AddedEntry[];
}): Command<A, T, E> {
  return { ...spec, undoable: spec.undoable ?? true };
}

/**
 * What a workflow may do where the person may write only in part: front desk notes a visit on a
 * chart it otherwise reads. The workflow asks instead of being refused outright; `related` is the
 * record the entry names as the write leaves it (PERM-10, `mayAdd`).
 */
export type WorkflowPermissions = {
  write: (kind: DocKind) => boolean;
  add: (
    kind: DocKind,
    collection: string,
    entry: Readonly<Record<string, unknown>>,
    related?: RelatedRecord | null,
  ) => boolean;
};

export type WorkflowContext = WriteContext & { may: WorkflowPermissions };

/**
 * A workflow: a use case that writes several documents at once (a visit moving its case and
 * closing its tasks; a merge), run through the same executor as a command. Every document it
 * writes is checked before anything is written, except those it may write in part (`partial`,
 * judged inside through `ctx.may`); its changes are the audit trail's lines.
 */
export type Workflow<
  D extends Record<string, Y.Doc>,
  A extends unknown[],
  T extends { changes: readonly WorkflowChange[] },
  E extends WriteError = WriteError,
> = {
  readonly name: string;
  readonly docKinds: { readonly [K in keyof D]: DocKind };
  readonly partial?: readonly (keyof D)[];
  readonly undoable: boolean;
  readonly run: (docs: D, ctx: WorkflowContext, ...args: A) => Result<T, E>;
  /** The audit line of one change; by default the change itself. */
  readonly auditOf?: (change: WorkflowChange) => AuditNote;
};

/** Declares a workflow. */
export function workflow<
  D extends Record<string, Y.Doc>,
  A extends unknown[],
  T extends { changes: readonly WorkflowChange[] },
  E extends WriteError = WriteError,
>(spec: Workflow<D, A, T, E>): Workflow<D, A, T, E> {
  return spec;
}

/** Audit notes for the common shapes of command. */
export const audited = {
  /** A record was created; its id is the value's. */
  created:
    (entity: AuditEntity) =>
    (value: { id: string }): AuditNote[] => [{ action: 'create', entity, entityId: value.id }],
  /**
   * A record was changed: its id is the first argument, the fields are the keys of the second
   * (the patch) unless named.
   */
  updated:
    (entity: AuditEntity, fields?: string[]) =>
    (_value: unknown, args: readonly [string, ...unknown[]]): AuditNote[] => [
      {
        action: 'update',
        entity,
        entityId: args[0],
        fields: fields ?? Object.keys((args[1] ?? {}) as object),
      },
    ],
  /** A record was removed; its id is the first argument. */
  removed:
    (entity: AuditEntity) =>
    (_value: unknown, args: readonly [string, ...unknown[]]): AuditNote[] => [
      { action: 'delete', entity, entityId: args[0] },
    ],
};

/** The executor's refusal when the permission table does not let the person write the document. */
export type Denied = Extract<WriteError, { kind: 'denied' }>;

/** What the executor needs from the app: who is writing, what they may write, where the trail goes. */
export type CommandEnv = {
  context: () => WriteContext;
  /** Why the signed-in person may not change documents of this kind, or null when they may. */
  denied: (kind: DocKind) => string | null;
  /** Whether the person may add this entry where they may not change the document (`mayAdd`). */
  mayAdd?: (
    kind: DocKind,
    collection: string,
    entry: Readonly<Record<string, unknown>>,
    related?: RelatedRecord | null,
  ) => boolean;
  record: (note: AuditNote) => void;
};

export type Commands = {
  /** Runs one command against one document with every shared concern applied. */
  run<A extends unknown[], T, E extends WriteError>(
    command: Command<A, T, E>,
    doc: Y.Doc,
    ...args: A
  ): Result<T, E | Denied>;
  /**
   * Runs several commands on one document as one transaction: other devices see all or none, and
   * undo takes them back as one step.
   */
  together<T>(doc: Y.Doc, change: () => T): T;
  /** Runs a workflow over its documents with every shared concern applied. */
  workflow<
    D extends Record<string, Y.Doc>,
    A extends unknown[],
    T extends { changes: readonly WorkflowChange[] },
    E extends WriteError,
  >(
    workflow: Workflow<D, A, T, E>,
    docs: D,
    ...args: A
  ): Result<T, E | Denied>;
  /** The same executor, with audit notes stamped with the patient they concern. */
  forPatient(patientId: string): Commands;
  /** Who is writing and when, for workflows that decide from the current time. */
  context(): WriteContext;
};

const untrackedTwins = new WeakMap<LocalOrigin, LocalOrigin>();

/**
 * The session origin's twin for final commands: equal in kind, actor and device (so sync and
 * `updatedBy` treat it the same) but another object, which the undo manager does not track.
 */
export function untracked(origin: LocalOrigin | MigrationOrigin): LocalOrigin | MigrationOrigin {
  if (origin.kind !== 'local') return origin;
  let twin = untrackedTwins.get(origin);
  if (!twin) {
    twin = localOrigin(origin.actor, origin.deviceId);
    untrackedTwins.set(origin, twin);
  }
  return twin;
}

/** Whether every entry the command adds is one the person may add (and it adds something). */
function mayAddAll(env: CommandEnv, command: AnyCommand, args: unknown[]): boolean {
  const added = command.adds?.(...args) ?? [];
  const mayAdd = env.mayAdd;
  return (
    mayAdd !== undefined &&
    added.length > 0 &&
    added.every(({ collection, entry, related }) => mayAdd(command.docKind, collection, entry, related))
  );
}

export function createCommands(env: CommandEnv, scope: { patientId?: string } = {}): Commands {
  const commands: Commands = {
    run(command, doc, ...args) {
      const reason = env.denied(command.docKind);
      if (reason !== null && !mayAddAll(env, command, args)) return err<Denied>({ kind: 'denied', reason });
      const ctx = env.context();
      const result = command.run(
        doc,
        command.undoable ? ctx : { ...ctx, origin: untracked(ctx.origin) },
        ...args,
      );
      if (result.ok) {
        for (const note of command.audit(result.value, args)) {
          env.record(scope.patientId && !note.patientId ? { ...note, patientId: scope.patientId } : note);
        }
      }
      return result;
    },
    workflow(flow, docs, ...args) {
      for (const role of Object.keys(flow.docKinds) as (keyof typeof docs)[]) {
        if (flow.partial?.includes(role)) continue;
        const reason = env.denied(flow.docKinds[role]);
        if (reason !== null) return err<Denied>({ kind: 'denied', reason });
      }
      const ctx = env.context();
      const may: WorkflowPermissions = {
        write: (kind) => env.denied(kind) === null,
        add: (kind, collection, entry, related) =>
          env.denied(kind) === null || (env.mayAdd?.(kind, collection, entry, related) ?? false),
      };
      const result = flow.run(
        docs,
        { ...(flow.undoable ? ctx : { ...ctx, origin: untracked(ctx.origin) }), may },
        ...args,
      );
      if (result.ok) {
        for (const change of result.value.changes) {
          const note: AuditNote = flow.auditOf ? flow.auditOf(change) : { ...change };
          env.record(scope.patientId && !note.patientId ? { ...note, patientId: scope.patientId } : note);
        }
      }
      return result;
    },
    together(doc, change) {
      let value: ReturnType<typeof change> | undefined;
      doc.transact(() => {
        value = change();
      }, env.context().origin);
      return value as ReturnType<typeof change>;
    },
    forPatient: (patientId) => createCommands(env, { ...scope, patientId }),
    context: () => env.context(),
  };
  return commands;
}

type ArgsOf<C> = C extends Command<infer A, infer _T, infer _E> ? A : never;
type ValueOf<C> = C extends Command<infer _A, infer T, infer _E> ? T : never;
type ErrorOf<C> = C extends Command<infer _A, infer _T, infer E> ? E : never;

/** A table of commands bound to one document: what a state class exposes. */
export type Bound<Table extends Record<string, AnyCommand>> = {
  readonly [K in keyof Table]: (
    ...args: ArgsOf<Table[K]>
  ) => Result<ValueOf<Table[K]>, ErrorOf<Table[K]> | Denied>;
};

/**
 * Binds a table to one document, found when a command runs. `commands` may be given late (a
 * function), for state classes whose fields are set up before their constructor runs.
 */
export function bindCommands<Table extends Record<string, AnyCommand>>(
  commands: Commands | (() => Commands),
  table: Table,
  doc: () => Y.Doc,
): Bound<Table> {
  const executor = typeof commands === 'function' ? commands : () => commands;
  const bound: Record<string, unknown> = {};
  for (const [key, cmd] of Object.entries(table)) {
    bound[key] = (...args: unknown[]) => executor().run(cmd, doc(), ...args);
  }
  return bound as Bound<Table>;
}

/** A command environment that keeps its audit notes in memory (tests, tools). */
export function recordingEnv(
  context: () => WriteContext,
  denied: (kind: DocKind) => string | null = () => null,
): CommandEnv & { notes: AuditNote[] } {
  const notes: AuditNote[] = [];
  return { context, denied, record: (note) => notes.push(note), notes };
}

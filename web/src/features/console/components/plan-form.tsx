/**
 * The plan's approval: the act that approved it, the comuni that signed, the document's hash,
 * and its objectives, each choosing the contributions of the triennium it builds on (the
 * provenance the public plan page draws).
 */
import {
  Checkboxes,
  CommandForm,
  Select,
  TextArea,
  TextInput,
  type Choice,
} from '@/components/command-form';
import { bind, useCommandForm } from '@/lib/command-form';
import { commands, type Ambito, type Contribution } from '../api/console';
import { asPolicyArea, italianToday, policyAreaChoices } from '../lib/words';
import { Sha256Input } from './tavolo-forms';

interface ObjectiveDraft {
  code: string;
  title: string;
  policyArea: string;
  rationale: string;
  contributionIds: string[];
}

const emptyObjective = (n: number): ObjectiveDraft => ({
  code: `OB${n}`,
  title: '',
  policyArea: '',
  rationale: '',
  contributionIds: [],
});

export function ApprovePlanForm({
  tid,
  ambito,
  contributions,
  onWritten,
}: {
  tid: string;
  ambito: Ambito;
  contributions: Contribution[];
  onWritten(id: string, position: string): void;
}) {
  const form = useCommandForm({
    initial: {
      approvedOn: italianToday(),
      approvedBy: `Assemblea dei Sindaci dell’${ambito.name}`,
      actReference: '',
      signatories: [...ambito.comuni],
      documentSha256: '',
      objectives: [emptyObjective(1)],
    },
    send: (v, headers) =>
      commands.approvePlan(
        tid,
        {
          approvedOn: v.approvedOn,
          approvedBy: v.approvedBy,
          actReference: v.actReference,
          signatories: v.signatories,
          documentSha256: v.documentSha256.trim(),
          objectives: v.objectives.map((o) => ({ ...o, policyArea: asPolicyArea(o.policyArea) })),
        },
        headers,
      ),
    resetOnSuccess: false,
    onSuccess: (r) => onWritten(r.id, r.position),
  });
  const comuni: Choice[] = ambito.comuni.map((c) => ({ value: c, label: c }));
  const cited: Choice[] = contributions.map((c) => ({
    value: c.id,
    label: `«${c.title}» · ${c.enteName ?? c.codiceFiscale} · ${c.tavoloName ?? ''}`,
  }));
  const objectives = form.values.objectives;
  const setObjective = (i: number, patch: Partial<ObjectiveDraft>) =>
    form.set(
      'objectives',
      objectives.map((o, j) => (j === i ? { ...o, ...patch } : o)),
    );
  form.field('objectives');
  return (
    <CommandForm form={form} submitLabel="Approva il piano" done="Piano approvato e sigillato.">
      <TextInput label="Data di approvazione" type="date" required {...bind(form, 'approvedOn')} />
      <TextInput label="Organo che ha approvato" required {...bind(form, 'approvedBy')} />
      <TextInput
        label="Atto di approvazione"
        hint="Es. «Deliberazione n. 5 del 14/03/2026»."
        required
        {...bind(form, 'actReference')}
      />
      <Checkboxes
        label="Comuni firmatari"
        required
        choices={comuni}
        {...bind(form, 'signatories')}
      />
      <Sha256Input
        label="Impronta SHA-256 del documento di piano"
        required
        {...bind(form, 'documentSha256')}
      />
      {objectives.map((o, i) => {
        const f = (name: keyof ObjectiveDraft) => form.field(`objectives[${i}].${name}`);
        form.field(`objectives[${i}]`);
        return (
          <fieldset key={i} className="border rounded p-3 mb-4">
            <legend className="h5 float-none w-auto px-2">Obiettivo {i + 1}</legend>
            <TextInput
              label={`Codice dell’obiettivo ${i + 1}`}
              required
              binding={f('code')}
              value={o.code}
              onChange={(code) => setObjective(i, { code })}
            />
            <TextInput
              label={`Titolo dell’obiettivo ${i + 1}`}
              required
              binding={f('title')}
              value={o.title}
              onChange={(title) => setObjective(i, { title })}
            />
            <Select
              label={`Area di intervento dell’obiettivo ${i + 1}`}
              required
              choices={policyAreaChoices}
              binding={f('policyArea')}
              value={o.policyArea}
              onChange={(policyArea) => setObjective(i, { policyArea })}
            />
            <TextArea
              label={`Motivazione dell’obiettivo ${i + 1}`}
              required
              binding={f('rationale')}
              value={o.rationale}
              onChange={(rationale) => setObjective(i, { rationale })}
            />
            <Checkboxes
              label={`Contributi su cui si fonda l’obiettivo ${i + 1}`}
              choices={cited}
              binding={f('contributionIds')}
              value={o.contributionIds}
              onChange={(contributionIds) => setObjective(i, { contributionIds })}
            />
            {objectives.length > 1 && (
              <button
                type="button"
                className="btn btn-outline-danger btn-sm"
                onClick={() =>
                  form.set(
                    'objectives',
                    objectives.filter((_, j) => j !== i),
                  )
                }
              >
                Togli l’obiettivo {i + 1}
              </button>
            )}
          </fieldset>
        );
      })}
      <p>
        <button
          type="button"
          className="btn btn-outline-primary"
          onClick={() =>
            form.set('objectives', [...objectives, emptyObjective(objectives.length + 1)])
          }
        >
          Aggiungi un obiettivo
        </button>
      </p>
    </CommandForm>
  );
}

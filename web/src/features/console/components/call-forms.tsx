/** An avviso's commands: open it, take a registration on an ente's behalf, decide, close it. */
import {
  Checkboxes,
  CommandForm,
  Radios,
  Select,
  TextArea,
  TextInput,
} from '@/components/command-form';
import { bind, useCommandForm } from '@/lib/command-form';
import { commands, type CallDetail, type OpenCall, type Registration } from '../api/console';
import {
  asCategory,
  callKindChoices,
  categoryChoices,
  ENTE_CATEGORIES,
  policyAreaChoices,
} from '../lib/words';

type Written = (id: string, position: string) => void;
const orNull = (s: string) => (s.trim() ? s : null);

export function OpenCallForm({ tid, onWritten }: { tid: string; onWritten: Written }) {
  const form = useCommandForm({
    initial: {
      title: '',
      kind: 'co-programmazione',
      description: '',
      actReference: '',
      eligibleCategories: [] as OpenCall['eligibleCategories'],
      policyAreas: [] as OpenCall['policyAreas'],
      closesAt: '',
    },
    send: (v, headers) =>
      commands.openCall(
        tid,
        {
          title: v.title,
          kind: v.kind as 'co-programmazione',
          description: orNull(v.description),
          actReference: orNull(v.actReference),
          eligibleCategories: v.eligibleCategories,
          policyAreas: v.policyAreas,
          closesAt: v.closesAt,
        },
        headers,
      ),
    onSuccess: (r) => onWritten(r.id, r.position),
  });
  return (
    <CommandForm form={form} submitLabel="Apri l’avviso" done="Avviso aperto.">
      <TextInput label="Titolo dell’avviso" required {...bind(form, 'title')} />
      <Select
        label="Tipo di procedimento"
        required
        choices={callKindChoices}
        {...bind(form, 'kind')}
      />
      <TextArea label="Descrizione" {...bind(form, 'description')} />
      <TextInput
        label="Atto di indizione"
        hint="Es. «Determina n. 123 del 10/01/2026»."
        {...bind(form, 'actReference')}
      />
      <Checkboxes
        label="Categorie di enti ammesse"
        required
        choices={categoryChoices}
        {...bind(form, 'eligibleCategories')}
      />
      <Checkboxes
        label="Aree di intervento"
        required
        choices={policyAreaChoices}
        {...bind(form, 'policyAreas')}
      />
      <TextInput
        label="Scadenza delle iscrizioni"
        type="date"
        hint="L’avviso accetta iscrizioni fino alla fine di quel giorno (ora italiana)."
        required
        {...bind(form, 'closesAt')}
      />
    </CommandForm>
  );
}

export function CloseCallForm({ callId, onWritten }: { callId: string; onWritten: Written }) {
  const form = useCommandForm({
    initial: { reason: '' },
    send: (v, headers) => commands.closeCall(callId, { reason: orNull(v.reason) }, headers),
    onSuccess: (r) => onWritten(r.id, r.position),
  });
  return (
    <CommandForm form={form} submitLabel="Chiudi l’avviso" done="Avviso chiuso.">
      <TextArea
        label="Motivo della chiusura"
        hint="Facoltativo: l’avviso si chiude comunque da sé alla scadenza."
        rows={2}
        {...bind(form, 'reason')}
      />
    </CommandForm>
  );
}

/** A registration received on paper or by mail, recorded by the office for the ente. */
export function RegisterEnteForm({ call, onWritten }: { call: CallDetail; onWritten: Written }) {
  const form = useCommandForm({
    initial: {
      codiceFiscale: '',
      name: '',
      category: '',
      comune: '',
      runtsNumber: '',
      contactName: '',
      contactEmail: '',
    },
    send: (v, headers) =>
      commands.registerEnte(
        call.id,
        {
          codiceFiscale: v.codiceFiscale.trim(),
          name: v.name,
          category: asCategory(v.category),
          comune: v.comune,
          runtsNumber: orNull(v.runtsNumber),
          contact: { name: v.contactName, email: v.contactEmail },
        },
        headers,
      ),
    codeFields: {
      INVALID_CODICE_FISCALE: 'codiceFiscale',
      DUPLICATE_REGISTRATION: 'codiceFiscale',
      INELIGIBLE_CATEGORY: 'category',
    },
    onSuccess: (r) => onWritten(r.id, r.position),
  });
  const contactName = form.field('contact.name');
  const contactEmail = form.field('contact.email');
  const eligible = call.eligibleCategories.map((c) => ({ value: c, label: ENTE_CATEGORIES[c] }));
  return (
    <CommandForm form={form} submitLabel="Registra l’iscrizione" done="Iscrizione registrata.">
      <TextInput
        label="Codice fiscale dell’ente"
        hint="11 cifre."
        inputMode="numeric"
        required
        {...bind(form, 'codiceFiscale')}
      />
      <TextInput label="Denominazione dell’ente" required {...bind(form, 'name')} />
      <Select label="Categoria" required choices={eligible} {...bind(form, 'category')} />
      <TextInput label="Comune della sede" required {...bind(form, 'comune')} />
      <TextInput label="Numero di iscrizione al RUNTS" {...bind(form, 'runtsNumber')} />
      <TextInput
        label="Nome della persona di riferimento"
        hint="Visibile solo all’Ufficio di Piano."
        required
        binding={contactName}
        value={form.values.contactName}
        onChange={(v) => form.set('contactName', v)}
      />
      <TextInput
        label="Posta elettronica della persona di riferimento"
        type="email"
        required
        binding={contactEmail}
        value={form.values.contactEmail}
        onChange={(v) => form.set('contactEmail', v)}
      />
    </CommandForm>
  );
}

/** The istruttoria of one registration: admit, or exclude with the reason the ente will read. */
export function DecideForm({
  callId,
  registration,
  onWritten,
}: {
  callId: string;
  registration: Registration;
  onWritten: Written;
}) {
  const form = useCommandForm({
    initial: { outcome: 'admitted', reason: '' },
    send: (v, headers) =>
      commands.decide(
        callId,
        registration.codiceFiscale,
        { outcome: v.outcome as 'admitted', reason: orNull(v.reason) },
        headers,
      ),
    onSuccess: (r) => onWritten(r.id, r.position),
  });
  return (
    <CommandForm
      form={form}
      submitLabel={`Registra la decisione su ${registration.name}`}
      done="Decisione registrata."
    >
      <Radios
        label={`Esito per ${registration.name}`}
        choices={[
          { value: 'admitted', label: 'Ammetti' },
          { value: 'excluded', label: 'Escludi' },
        ]}
        {...bind(form, 'outcome')}
      />
      <TextArea
        label={`Motivazione per ${registration.name}`}
        hint="Obbligatoria per escludere: l’ente ha diritto di sapere perché."
        rows={2}
        {...bind(form, 'reason')}
      />
    </CommandForm>
  );
}

/** A tavolo's commands: convene it, an ente joining, a session with its attendees, a contribution. */
import { useState } from 'react';
import {
  Checkboxes,
  CommandForm,
  Select,
  TextArea,
  TextInput,
  type Choice,
} from '@/components/command-form';
import { bind, useCommandForm, type FieldBinding } from '@/lib/command-form';
import { formatDate } from '@/lib/format';
import { commands, type TavoloDetail } from '../api/console';
import {
  asKind,
  asPolicyArea,
  contributionKindChoices,
  italianToday,
  policyAreaChoices,
  sha256OfFile,
} from '../lib/words';

type Written = (id: string, position: string) => void;
const orNull = (s: string) => (s.trim() ? s : null);

export function ConveneTavoloForm({ tid, onWritten }: { tid: string; onWritten: Written }) {
  const form = useCommandForm({
    initial: { name: '', policyArea: '', description: '' },
    send: (v, headers) =>
      commands.conveneTavolo(
        tid,
        {
          name: v.name,
          policyArea: asPolicyArea(v.policyArea),
          description: orNull(v.description),
        },
        headers,
      ),
    onSuccess: (r) => onWritten(r.id, r.position),
  });
  return (
    <CommandForm form={form} submitLabel="Convoca il tavolo" done="Tavolo convocato.">
      <TextInput label="Nome del tavolo" required {...bind(form, 'name')} />
      <Select
        label="Area di intervento"
        required
        choices={policyAreaChoices}
        {...bind(form, 'policyArea')}
      />
      <TextArea label="Descrizione" {...bind(form, 'description')} />
    </CommandForm>
  );
}

/** An admitted ente joins the tavolo (the office records it, or the ente does it itself). */
export function JoinTavoloForm({
  tavolo,
  admitted,
  onWritten,
}: {
  tavolo: TavoloDetail;
  admitted: Choice[];
  onWritten: Written;
}) {
  const form = useCommandForm({
    initial: { codiceFiscale: '' },
    send: (v, headers) =>
      commands.joinTavolo(tavolo.id, { codiceFiscale: v.codiceFiscale }, headers),
    codeFields: {
      NOT_ADMITTED: 'codiceFiscale',
      ALREADY_MEMBER: 'codiceFiscale',
      INVALID_CODICE_FISCALE: 'codiceFiscale',
    },
    onSuccess: (r) => onWritten(r.id, r.position),
  });
  return (
    <CommandForm form={form} submitLabel="Aggiungi al tavolo" done="Ente aggiunto al tavolo.">
      <Select
        label="Ente da aggiungere"
        hint="Gli enti ammessi su un avviso del triennio."
        required
        choices={admitted}
        {...bind(form, 'codiceFiscale')}
      />
    </CommandForm>
  );
}

/** A file's SHA-256 typed in, or computed in the browser from the file (which is not uploaded). */
export function Sha256Input({
  binding,
  label,
  value,
  onChange,
  required,
}: {
  binding: FieldBinding;
  label: string;
  value: string;
  onChange(v: string): void;
  required?: boolean;
}) {
  const [reading, setReading] = useState(false);
  return (
    <>
      <TextInput
        binding={binding}
        label={label}
        hint="64 caratteri esadecimali; oppure scegli il file qui sotto e il browser la calcola (il file non viene inviato)."
        value={value}
        onChange={onChange}
        required={required}
      />
      <div className="mb-4">
        <label htmlFor={`${binding.id}-file`} className="form-label d-block small">
          Calcola l’impronta da un file
        </label>
        <input
          id={`${binding.id}-file`}
          type="file"
          className="form-control form-control-sm"
          disabled={reading}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            setReading(true);
            void sha256OfFile(file)
              .then(onChange)
              .finally(() => setReading(false));
          }}
        />
      </div>
    </>
  );
}

export function RecordSessionForm({
  tavolo,
  onWritten,
}: {
  tavolo: TavoloDetail;
  onWritten: Written;
}) {
  const form = useCommandForm({
    initial: { heldOn: italianToday(), title: '', attendees: [] as string[], minutesSha256: '' },
    send: (v, headers) =>
      commands.recordSession(
        tavolo.id,
        {
          heldOn: v.heldOn,
          title: v.title,
          attendees: v.attendees,
          minutesSha256: orNull(v.minutesSha256),
        },
        headers,
      ),
    codeFields: { NOT_A_MEMBER: 'attendees' },
    onSuccess: (r) => onWritten(r.id, r.position),
  });
  const members = tavolo.members.map((m) => ({ value: m.codiceFiscale, label: m.name }));
  return (
    <CommandForm form={form} submitLabel="Registra la seduta" done="Seduta registrata.">
      <TextInput label="Data della seduta" type="date" required {...bind(form, 'heldOn')} />
      <TextInput label="Titolo della seduta" required {...bind(form, 'title')} />
      <Checkboxes label="Enti presenti" choices={members} {...bind(form, 'attendees')} />
      <Sha256Input label="Impronta SHA-256 del verbale" {...bind(form, 'minutesSha256')} />
    </CommandForm>
  );
}

/** A contribution the office records for an ente (said at a session, sent by mail…). */
export function RecordContributionForm({
  tavolo,
  onWritten,
}: {
  tavolo: TavoloDetail;
  onWritten: Written;
}) {
  const form = useCommandForm({
    initial: {
      codiceFiscale: '',
      kind: '',
      title: '',
      body: '',
      sessionId: '',
      attachmentName: '',
      attachmentSha256: '',
    },
    send: (v, headers) =>
      commands.recordContribution(
        tavolo.id,
        {
          codiceFiscale: v.codiceFiscale,
          kind: asKind(v.kind),
          title: v.title,
          body: v.body,
          sessionId: orNull(v.sessionId),
          attachments:
            v.attachmentName.trim() || v.attachmentSha256.trim()
              ? [{ name: v.attachmentName, sha256: v.attachmentSha256.trim() }]
              : null,
        },
        headers,
      ),
    codeFields: { NOT_A_MEMBER: 'codiceFiscale', NOT_FOUND: 'sessionId' },
    onSuccess: (r) => onWritten(r.id, r.position),
  });
  const members = tavolo.members.map((m) => ({ value: m.codiceFiscale, label: m.name }));
  const sessions = tavolo.sessions.map((s) => ({
    value: s.id,
    label: `${formatDate(s.heldOn)} · ${s.title}`,
  }));
  // The API names an attachment's fields attachments[0].name / .sha256.
  const attachmentName = form.field('attachments[0].name');
  const attachmentSha = form.field('attachments[0].sha256');
  form.field('attachments');
  return (
    <CommandForm form={form} submitLabel="Registra il contributo" done="Contributo registrato.">
      <Select
        label="Ente che contribuisce"
        required
        choices={members}
        {...bind(form, 'codiceFiscale')}
      />
      <Select
        label="Tipo di contributo"
        required
        choices={contributionKindChoices}
        {...bind(form, 'kind')}
      />
      <TextInput label="Titolo del contributo" required {...bind(form, 'title')} />
      <TextArea label="Testo del contributo" required rows={5} {...bind(form, 'body')} />
      <Select
        label="Seduta in cui è stato presentato"
        choices={sessions}
        empty="Nessuna (inviato fuori seduta)"
        {...bind(form, 'sessionId')}
      />
      <TextInput
        label="Allegato: nome del file"
        hint="Facoltativo: il registro conserva il nome e l’impronta, non il file."
        binding={attachmentName}
        value={form.values.attachmentName}
        onChange={(v) => form.set('attachmentName', v)}
      />
      <Sha256Input
        label="Allegato: impronta SHA-256"
        binding={attachmentSha}
        value={form.values.attachmentSha256}
        onChange={(v) => form.set('attachmentSha256', v)}
      />
    </CommandForm>
  );
}

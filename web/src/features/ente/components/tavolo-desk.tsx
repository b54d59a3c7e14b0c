import { useState, type FormEvent } from 'react';
import { Field, FormAlert, SubmitButton, useCommandForm } from '@/lib/submission-form';
import { formatDate, POLICY_AREAS, word } from '@/lib/format';
import {
  contribute,
  joinTavolo,
  sha256Hex,
  type EnteArea,
  type RecordContribution,
  type TavoloDetail,
} from '../api/ente';
import { CONTRIBUTION_KIND_CHOICES } from './words';

const FIELD_TEXT: Record<string, string> = {
  kind: 'Scegli il tipo di contributo.',
  title: 'Indica un titolo (una riga, al massimo 300 caratteri).',
  body: 'Scrivi il contributo (al massimo 50.000 caratteri).',
  sessionId: 'Scegli una seduta di questo tavolo, o nessuna.',
  attachments: 'Gli allegati non sono validi: scegli di nuovo i file.',
  'attachments.name': 'Il nome di un allegato è troppo lungo (al massimo 300 caratteri).',
};

/** The ente at one tavolo: joining it (when admitted), recording its contributions. */
export function TavoloDesk({
  tavolo,
  area,
  onChange,
}: {
  tavolo: TavoloDetail;
  area: EnteArea;
  onChange: () => void;
}) {
  const cf = area.codiceFiscale;
  const member = tavolo.members.some((m) => m.codiceFiscale === cf);
  const mine = area.triennia
    .flatMap((t) => t.contributions)
    .filter((c) => c.tavoloId === tavolo.id);
  return (
    <>
      <p>
        Area: {word(POLICY_AREAS, tavolo.policyArea)} · {tavolo.members.length} partecipanti ·{' '}
        {tavolo.sessions.length} sedute
      </p>
      {tavolo.description && <p>{tavolo.description}</p>}
      {member ? (
        <>
          <p className="alert alert-success" role="status">
            L’ente partecipa a questo tavolo.
          </p>
          <section aria-labelledby="nuovo-contributo" className="mb-5">
            <h2 id="nuovo-contributo">Registra un contributo</h2>
            <ContributionForm tavolo={tavolo} codiceFiscale={cf} onDone={onChange} />
          </section>
        </>
      ) : (
        <JoinForm tavolo={tavolo} codiceFiscale={cf} onDone={onChange} />
      )}
      <section aria-labelledby="miei-contributi">
        <h2 id="miei-contributi">I contributi dell’ente a questo tavolo</h2>
        {mine.length === 0 ? (
          <p>Nessun contributo, per ora.</p>
        ) : (
          <ul>
            {mine.map((c) => (
              <li key={c.id}>
                <strong>{c.title}</strong> · {formatDate(c.recordedAt)}
                {c.citedBy.length > 0 && ` · citato da ${c.citedBy.map((o) => o.code).join(', ')}`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function JoinForm({
  tavolo,
  codiceFiscale,
  onDone,
}: {
  tavolo: TavoloDetail;
  codiceFiscale: string;
  onDone: () => void;
}) {
  const form = useCommandForm((_: null, key: string) => joinTavolo(tavolo.id, codiceFiscale, key), {
    onDone,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit(null);
  };
  return (
    <form onSubmit={submit} className="mb-5">
      <FormAlert problem={form.problem} />
      <p>L’ente è ammesso nel triennio e può partecipare a questo tavolo.</p>
      <SubmitButton sending={form.sending}>Partecipa al tavolo</SubmitButton>
    </form>
  );
}

interface Attachment {
  name: string;
  sha256: string;
}

function ContributionForm({
  tavolo,
  codiceFiscale,
  onDone,
}: {
  tavolo: TavoloDetail;
  codiceFiscale: string;
  onDone: () => void;
}) {
  const [kind, setKind] = useState('proposal');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [hashing, setHashing] = useState(false);
  const [recorded, setRecorded] = useState<string | null>(null);
  // A new file input after each recorded contribution (a file input cannot be emptied otherwise).
  const [round, setRound] = useState(0);
  const form = useCommandForm(
    (b: RecordContribution, key: string) => contribute(tavolo.id, b, key),
    {
      fieldText: FIELD_TEXT,
      codeFields: { NOT_FOUND: 'sessionId' },
      onDone: () => {
        setRecorded(title.trim());
        setTitle('');
        setBody('');
        setSessionId('');
        setAttachments([]);
        setRound((r) => r + 1);
        onDone();
      },
    },
  );
  const pick = async (files: FileList | null) => {
    if (!files) return;
    setHashing(true);
    const hashed = await Promise.all(
      [...files].map(async (f) => ({ name: f.name, sha256: await sha256Hex(f) })),
    );
    setAttachments((a) => [...a, ...hashed]);
    setHashing(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRecorded(null);
    void form.submit({
      codiceFiscale,
      kind: kind as RecordContribution['kind'],
      title: title.trim(),
      body: body.trim(),
      sessionId: sessionId || null,
      attachments: attachments.length > 0 ? attachments : null,
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      {recorded && (
        <div className="alert alert-success" role="status">
          Contributo «{recorded}» registrato.
        </div>
      )}
      <FormAlert problem={form.problem} />
      <Field id="kind" label="Tipo di contributo" error={form.error('kind')}>
        {(a) => (
          <select
            {...a}
            className={`form-select ${a.className}`}
            value={kind}
            onChange={(e) => setKind(e.target.value)}
          >
            {CONTRIBUTION_KIND_CHOICES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="title" label="Titolo" error={form.error('title')}>
        {(a) => (
          <input
            {...a}
            className={`form-control ${a.className}`}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        )}
      </Field>
      <Field id="body" label="Testo del contributo" error={form.error('body')}>
        {(a) => (
          <textarea
            {...a}
            rows={6}
            className={`form-control ${a.className}`}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        )}
      </Field>
      <Field id="sessionId" label="Seduta (facoltativa)" error={form.error('sessionId')}>
        {(a) => (
          <select
            {...a}
            className={`form-select ${a.className}`}
            value={sessionId}
            onChange={(e) => setSessionId(e.target.value)}
          >
            <option value="">Nessuna seduta</option>
            {tavolo.sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {formatDate(s.heldOn)} – {s.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="attachments"
        label="Allegati (facoltativi)"
        error={form.error('attachments') ?? form.error('attachments.name')}
        hint="Il file resta sul tuo computer: il registro conserva solo il nome e l’impronta SHA-256, calcolata qui nel browser, che permette a chiunque di verificare che il documento è quello."
      >
        {(a) => (
          <input
            {...a}
            key={round}
            type="file"
            multiple
            className={`form-control ${a.className}`}
            onChange={(e) => void pick(e.target.files)}
          />
        )}
      </Field>
      {hashing && <p role="status">Calcolo dell’impronta in corso…</p>}
      {attachments.length > 0 && (
        <ul aria-label="Allegati scelti" className="mb-4">
          {attachments.map((f, i) => (
            <li key={`${f.sha256}-${i}`} data-testid="allegato">
              {f.name} — SHA-256 <code className="text-break">{f.sha256}</code>{' '}
              <button
                type="button"
                className="btn btn-link btn-sm p-0 align-baseline"
                onClick={() => setAttachments((all) => all.filter((_, j) => j !== i))}
              >
                Rimuovi<span className="visually-hidden"> {f.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <SubmitButton sending={form.sending || hashing}>Registra il contributo</SubmitButton>
    </form>
  );
}

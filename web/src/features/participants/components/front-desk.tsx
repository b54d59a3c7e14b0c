/**
 * The Ufficio di Piano's front desk (sportello): registers a citizen or an informal group for the
 * triennium's participatory process, and records what a participant said on their behalf. Only
 * the ambito's admin may (the ledger refuses anyone else); each submission carries its own
 * Idempotency-Key, kept while the same submission is retried.
 */
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { CONTRIBUTION_KINDS } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import {
  getParticipants,
  joinTavolo,
  newSubmissionKey,
  recordContribution,
  registerParticipant,
  type ParticipantPage,
} from '../api/participants';
import { formProblemOf, type FormProblem } from './field-errors';
import { ApiError } from '@/lib/api-client';

const NO_PROBLEM: FormProblem = { fields: {}, general: null };

function Field({
  id,
  label,
  error,
  children,
  hint,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="form-group mb-3">
      <label htmlFor={id} className="active">
        {label}
      </label>
      {children}
      {hint && (
        <small id={`${id}-aiuto`} className="form-text">
          {hint}
        </small>
      )}
      {error && (
        <div id={`${id}-errore`} className="invalid-feedback d-block" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

const described = (id: string, error?: string, hint?: string) =>
  [hint ? `${id}-aiuto` : null, error ? `${id}-errore` : null].filter(Boolean).join(' ') ||
  undefined;

function RegisterForm({ tid, onDone }: { tid: string; onDone: (message: string) => void }) {
  const base = useId();
  const [kind, setKind] = useState<'citizen' | 'group'>('citizen');
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const key = useRef<string | null>(null);
  const ids = {
    name: `${base}-nome`,
    referentName: `${base}-referente`,
    codiceFiscale: `${base}-cf`,
    email: `${base}-email`,
    phone: `${base}-telefono`,
  };
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => {
      const v = String(form.get(name) ?? '').trim();
      return v === '' ? null : v;
    };
    key.current ??= newSubmissionKey();
    setBusy(true);
    try {
      await registerParticipant(
        tid,
        {
          kind,
          name: text('name') ?? '',
          referentName: kind === 'group' ? text('referentName') : null,
          codiceFiscale: kind === 'citizen' ? text('codiceFiscale') : null,
          email: text('email'),
          phone: text('phone'),
          consentToPublish: form.get('consentToPublish') === 'on',
        },
        key.current,
      );
      key.current = null;
      setProblem(NO_PROBLEM);
      (e.target as HTMLFormElement).reset();
      onDone(kind === 'group' ? 'Gruppo informale registrato.' : 'Persona registrata.');
    } catch (error) {
      // A refusal is final for this body: the next submission is a new one.
      if (error instanceof ApiError) key.current = null;
      setProblem(formProblemOf(error));
    } finally {
      setBusy(false);
    }
  };
  const f = problem.fields;
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${base}-titolo`}>
      <h2 id={`${base}-titolo`} className="h3">
        Registra una persona o un gruppo
      </h2>
      <fieldset className="mb-3">
        <legend className="h6">Chi si iscrive</legend>
        <div className="form-check form-check-inline">
          <input
            type="radio"
            id={`${base}-cittadino`}
            name="kind"
            checked={kind === 'citizen'}
            onChange={() => setKind('citizen')}
          />
          <label htmlFor={`${base}-cittadino`}>Cittadina o cittadino</label>
        </div>
        <div className="form-check form-check-inline">
          <input
            type="radio"
            id={`${base}-gruppo`}
            name="kind"
            checked={kind === 'group'}
            onChange={() => setKind('group')}
          />
          <label htmlFor={`${base}-gruppo`}>Gruppo informale</label>
        </div>
      </fieldset>
      <Field
        id={ids.name}
        label={kind === 'group' ? 'Nome del gruppo' : 'Nome e cognome'}
        error={f.name}
      >
        <input
          id={ids.name}
          name="name"
          className={`form-control${f.name ? ' is-invalid' : ''}`}
          aria-invalid={f.name ? true : undefined}
          aria-describedby={described(ids.name, f.name)}
          required
        />
      </Field>
      {kind === 'group' ? (
        <Field id={ids.referentName} label="Persona di riferimento" error={f.referentName}>
          <input
            id={ids.referentName}
            name="referentName"
            className={`form-control${f.referentName ? ' is-invalid' : ''}`}
            aria-invalid={f.referentName ? true : undefined}
            aria-describedby={described(ids.referentName, f.referentName)}
          />
        </Field>
      ) : (
        <Field
          id={ids.codiceFiscale}
          label="Codice fiscale (facoltativo)"
          error={f.codiceFiscale}
          hint="16 caratteri. Lascia vuoto se la persona è identificata in altro modo."
        >
          <input
            id={ids.codiceFiscale}
            name="codiceFiscale"
            className={`form-control${f.codiceFiscale ? ' is-invalid' : ''}`}
            aria-invalid={f.codiceFiscale ? true : undefined}
            aria-describedby={described(ids.codiceFiscale, f.codiceFiscale, 'aiuto')}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
      )}
      <Field id={ids.email} label="E-mail (facoltativa)" error={f.email}>
        <input
          id={ids.email}
          name="email"
          type="email"
          className={`form-control${f.email ? ' is-invalid' : ''}`}
          aria-invalid={f.email ? true : undefined}
          aria-describedby={described(ids.email, f.email)}
        />
      </Field>
      <Field id={ids.phone} label="Telefono (facoltativo)" error={f.phone}>
        <input
          id={ids.phone}
          name="phone"
          type="tel"
          className={`form-control${f.phone ? ' is-invalid' : ''}`}
          aria-invalid={f.phone ? true : undefined}
          aria-describedby={described(ids.phone, f.phone)}
        />
      </Field>
      <div className="form-check mb-3">
        <input type="checkbox" id={`${base}-consenso`} name="consentToPublish" />
        <label htmlFor={`${base}-consenso`}>
          Acconsente alla pubblicazione del nome nelle pagine pubbliche
        </label>
      </div>
      {problem.general && (
        <div className="alert alert-danger" role="alert">
          {problem.general}
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        Registra
      </button>
    </form>
  );
}

function ContributionForm({
  participants,
  onDone,
}: {
  participants: ParticipantPage;
  onDone: (message: string) => void;
}) {
  const base = useId();
  const [problem, setProblem] = useState<FormProblem>(NO_PROBLEM);
  const [busy, setBusy] = useState(false);
  const key = useRef<string | null>(null);
  const ids = {
    participantId: `${base}-persona`,
    tavoloId: `${base}-tavolo`,
    kind: `${base}-tipo`,
    title: `${base}-titolo-contributo`,
    body: `${base}-testo`,
  };
  if (participants.openTavoli.length === 0)
    return (
      <p>
        Nessun tavolo di questo triennio è aperto a cittadine, cittadini e gruppi informali: per
        raccogliere i loro contributi, convoca un tavolo aperto.
      </p>
    );
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const participantId = String(form.get('participantId') ?? '');
    const tavoloId = String(form.get('tavoloId') ?? '');
    key.current ??= newSubmissionKey();
    setBusy(true);
    try {
      const person = participants.items.find((p) => p.id === participantId);
      if (person && !person.tavoli.some((t) => t.id === tavoloId)) {
        await joinTavolo(tavoloId, participantId, `${key.current}:adesione`);
      }
      await recordContribution(
        tavoloId,
        {
          participantId,
          kind: String(form.get('kind')) as 'need',
          title: String(form.get('title') ?? ''),
          body: String(form.get('body') ?? ''),
          channel: 'sportello',
        },
        key.current,
      );
      key.current = null;
      setProblem(NO_PROBLEM);
      (e.target as HTMLFormElement).reset();
      onDone('Contributo registrato a nome della persona.');
    } catch (error) {
      if (error instanceof ApiError) key.current = null;
      setProblem(formProblemOf(error));
    } finally {
      setBusy(false);
    }
  };
  const f = problem.fields;
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${base}-titolo`}>
      <h2 id={`${base}-titolo`} className="h3">
        Registra ciò che una persona ha detto allo sportello
      </h2>
      <Field id={ids.participantId} label="Chi ha parlato" error={f.participantId}>
        <select id={ids.participantId} name="participantId" className="form-select" required>
          {participants.items.map((p) => (
            <option key={p.id} value={p.id}>
              {p.personalData?.name ? `${p.personalData.name} (${p.label})` : p.displayName}
            </option>
          ))}
        </select>
      </Field>
      <Field id={ids.tavoloId} label="Tavolo" error={f.tavoloId}>
        <select id={ids.tavoloId} name="tavoloId" className="form-select" required>
          {participants.openTavoli.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name ?? t.id}
            </option>
          ))}
        </select>
      </Field>
      <Field id={ids.kind} label="Tipo di contributo">
        <select id={ids.kind} name="kind" className="form-select">
          {Object.entries(CONTRIBUTION_KINDS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field id={ids.title} label="Titolo" error={f.title}>
        <input
          id={ids.title}
          name="title"
          className={`form-control${f.title ? ' is-invalid' : ''}`}
          aria-invalid={f.title ? true : undefined}
          aria-describedby={described(ids.title, f.title)}
        />
      </Field>
      <Field id={ids.body} label="Che cosa ha detto" error={f.body}>
        <textarea
          id={ids.body}
          name="body"
          rows={4}
          className={`form-control${f.body ? ' is-invalid' : ''}`}
          aria-invalid={f.body ? true : undefined}
          aria-describedby={described(ids.body, f.body)}
        />
      </Field>
      {problem.general && (
        <div className="alert alert-danger" role="alert">
          {problem.general}
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        Registra il contributo
      </button>
    </form>
  );
}

export function FrontDesk({ tid }: { tid: string }) {
  const [round, setRound] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const participants = useApi(`participants:${tid}:${round}`, (s) => getParticipants(tid, s));
  const done = (m: string) => {
    setMessage(m);
    setRound((r) => r + 1);
  };
  return (
    <>
      <div aria-live="polite">
        {message && (
          <div className="alert alert-success" role="status">
            {message}
          </div>
        )}
      </div>
      <div className="row">
        <div className="col-lg-6 mb-4">
          <RegisterForm tid={tid} onDone={done} />
        </div>
        <div className="col-lg-6 mb-4">
          {participants.status === 'ok' && participants.data.items.length > 0 ? (
            <ContributionForm participants={participants.data} onDone={done} />
          ) : (
            <p>Registra prima una persona: potrai poi raccogliere i suoi contributi.</p>
          )}
        </div>
      </div>
    </>
  );
}

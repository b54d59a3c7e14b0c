import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Field, FormAlert, SubmitButton, useCommandForm } from '@/lib/submission-form';
import { formatInstant } from '@/lib/format';
import { register, type Call, type RegisterEnte } from '../api/ente';
import { ENTE_CATEGORIES } from './words';

const FIELD_TEXT: Record<string, string> = {
  codiceFiscale: 'Codice fiscale non valido: servono 11 cifre, l’ultima è la cifra di controllo.',
  name: 'Indica la denominazione dell’ente (al massimo 300 caratteri).',
  category: 'Scegli una delle categorie ammesse dall’avviso.',
  comune: 'Indica il comune della sede (al massimo 100 caratteri).',
  runtsNumber: 'Il numero di iscrizione al RUNTS: al massimo 64 caratteri.',
  'contact.name': 'Indica il nome della persona di riferimento.',
  'contact.email': 'Indica un indirizzo di posta elettronica valido.',
};
const CODE_FIELDS = { INELIGIBLE_CATEGORY: 'category', INVALID_CODICE_FISCALE: 'codiceFiscale' };

/** The ente answers a call: its data and a contact person, seen only by the Ufficio di Piano. */
export function RegistrationForm({
  call,
  codiceFiscale,
  known,
}: {
  call: Call;
  codiceFiscale: string;
  known: { name: string; category: string } | null;
}) {
  const [name, setName] = useState(known?.name ?? '');
  const [category, setCategory] = useState(
    known && call.eligibleCategories.includes(known.category)
      ? known.category
      : (call.eligibleCategories[0] ?? ''),
  );
  const [comune, setComune] = useState('');
  const [runts, setRunts] = useState('');
  const [contactName, setContactName] = useState('');
  const [email, setEmail] = useState('');
  const [done, setDone] = useState(false);
  const form = useCommandForm((body: RegisterEnte, key: string) => register(call.id, body, key), {
    codeFields: CODE_FIELDS,
    fieldText: FIELD_TEXT,
    onDone: () => setDone(true),
  });
  if (done)
    return (
      <div className="alert alert-success" role="status">
        <p className="mb-2">
          Iscrizione registrata all’avviso «{call.title}». L’Ufficio di Piano deciderà
          sull’ammissione: l’esito comparirà nella tua area.
        </p>
        <Link to="/ente">Torna all’area dell’ente</Link>
      </div>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({
      codiceFiscale,
      name: name.trim(),
      category: category as RegisterEnte['category'],
      comune: comune.trim(),
      runtsNumber: runts.trim() || null,
      contact: { name: contactName.trim(), email: email.trim() },
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-describedby="scadenza">
      <p id="scadenza">Le iscrizioni si chiudono il {formatInstant(call.closesAt)}.</p>
      <FormAlert problem={form.problem} />
      <Field
        id="codiceFiscale"
        label="Codice fiscale dell’ente"
        error={form.error('codiceFiscale')}
      >
        {(a) => (
          <input {...a} className={`form-control ${a.className}`} value={codiceFiscale} readOnly />
        )}
      </Field>
      <Field id="name" label="Denominazione" error={form.error('name')}>
        {(a) => (
          <input
            {...a}
            className={`form-control ${a.className}`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="organization"
          />
        )}
      </Field>
      <Field id="category" label="Categoria" error={form.error('category')}>
        {(a) => (
          <select
            {...a}
            className={`form-select ${a.className}`}
            value={category}
            onChange={(e) => setCategory(e.target.value)}
          >
            {call.eligibleCategories.map((c) => (
              <option key={c} value={c}>
                {ENTE_CATEGORIES[c] ?? c}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="comune" label="Comune della sede" error={form.error('comune')}>
        {(a) => (
          <input
            {...a}
            className={`form-control ${a.className}`}
            value={comune}
            onChange={(e) => setComune(e.target.value)}
          />
        )}
      </Field>
      <Field
        id="runtsNumber"
        label="Numero di iscrizione al RUNTS (facoltativo)"
        error={form.error('runtsNumber')}
      >
        {(a) => (
          <input
            {...a}
            className={`form-control ${a.className}`}
            value={runts}
            onChange={(e) => setRunts(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="mb-3">
        <legend className="h5">Persona di riferimento (la vede solo l’Ufficio di Piano)</legend>
        <Field id="contact-name" label="Nome e cognome" error={form.error('contact.name')}>
          {(a) => (
            <input
              {...a}
              className={`form-control ${a.className}`}
              value={contactName}
              onChange={(e) => setContactName(e.target.value)}
              autoComplete="name"
            />
          )}
        </Field>
        <Field id="contact-email" label="Posta elettronica" error={form.error('contact.email')}>
          {(a) => (
            <input
              {...a}
              type="email"
              className={`form-control ${a.className}`}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="email"
            />
          )}
        </Field>
      </fieldset>
      <SubmitButton sending={form.sending}>Invia l’iscrizione</SubmitButton>
    </form>
  );
}

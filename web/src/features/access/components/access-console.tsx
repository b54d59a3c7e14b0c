import { useState, type FormEvent } from 'react';
import { Show } from '@/components/loaded';
import { Field, FormAlert, SubmitButton, useCommandForm } from '@/lib/submission-form';
import { formatInstant } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import {
  grant,
  listGrants,
  makeLoginLink,
  revoke,
  type Grant,
  type GrantAccess,
  type LoginLink,
  type LoginLinkRequest,
} from '../api/access';

const ROLE_TEXT: Record<string, string> = {
  admin: 'Ufficio di Piano (amministratore dell’ambito)',
  ente: 'Rappresentante di un ente',
};

const FIELD_TEXT: Record<string, string> = {
  account: 'Codice di accesso non valido: «acc-» seguito da 36 caratteri.',
  role: 'Scegli il ruolo.',
  ente: 'Codice fiscale non valido: servono 11 cifre, l’ultima è la cifra di controllo.',
};
const CODE_FIELDS = { INVALID_CODICE_FISCALE: 'ente', GRANT_EXISTS: 'account' };

/** The access of an ambito: sign-in links for its enti, its grants, granting and revoking. */
export function AccessConsole({ ambitoId }: { ambitoId: string }) {
  const grants = useApi(`grants:${ambitoId}`, (s) => listGrants(ambitoId, s));
  return (
    <>
      <section aria-labelledby="collegamenti" className="mb-5">
        <h2 id="collegamenti">Collegamento di accesso per un ente</h2>
        <p>
          Il collegamento vale una volta sola e per poco tempo: copialo e invialo per posta
          elettronica alla persona che rappresenta l’ente. Aprendolo, entra con il ruolo indicato.
        </p>
        <LinkForm ambitoId={ambitoId} />
      </section>
      <section aria-labelledby="ruoli" className="mb-5">
        <h2 id="ruoli">Ruoli assegnati</h2>
        <Show state={grants}>
          {(items) => <GrantsTable ambitoId={ambitoId} grants={items} onChange={grants.reload} />}
        </Show>
      </section>
      <section aria-labelledby="assegna">
        <h2 id="assegna">Assegna un ruolo</h2>
        <p>
          Per una persona che ha già un codice di accesso (lo vede dopo essere entrata con SPID o
          CIE, o te lo comunica): ogni assegnazione e revoca resta nel registro.
        </p>
        <GrantForm ambitoId={ambitoId} onDone={grants.reload} />
      </section>
    </>
  );
}

function RoleAndEnte({
  prefix,
  role,
  setRole,
  ente,
  setEnte,
  error,
}: {
  prefix: string;
  role: string;
  setRole(r: string): void;
  ente: string;
  setEnte(e: string): void;
  error(field: string): string | undefined;
}) {
  return (
    <>
      <Field id={`${prefix}-role`} label="Ruolo" error={error('role')}>
        {(a) => (
          <select
            {...a}
            className={`form-select ${a.className}`}
            value={role}
            onChange={(e) => setRole(e.target.value)}
          >
            <option value="ente">{ROLE_TEXT.ente}</option>
            <option value="admin">{ROLE_TEXT.admin}</option>
          </select>
        )}
      </Field>
      {role === 'ente' && (
        <Field id={`${prefix}-ente`} label="Codice fiscale dell’ente" error={error('ente')}>
          {(a) => (
            <input
              {...a}
              className={`form-control ${a.className}`}
              value={ente}
              inputMode="numeric"
              onChange={(e) => setEnte(e.target.value)}
            />
          )}
        </Field>
      )}
    </>
  );
}

function LinkForm({ ambitoId }: { ambitoId: string }) {
  const [role, setRole] = useState('ente');
  const [ente, setEnte] = useState('');
  const [link, setLink] = useState<LoginLink | null>(null);
  const [copied, setCopied] = useState(false);
  // Not a command (nothing is recorded until the link is used): no Idempotency-Key needed.
  const form = useCommandForm(
    async (body: LoginLinkRequest) => setLink(await makeLoginLink(ambitoId, body)),
    { codeFields: CODE_FIELDS, fieldText: FIELD_TEXT },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setLink(null);
    setCopied(false);
    void form.submit({
      role: role as LoginLinkRequest['role'],
      ...(role === 'ente' ? { ente: ente.trim() } : {}),
    });
  };
  const copy = async () => {
    if (!link) return;
    await navigator.clipboard.writeText(link.url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormAlert problem={form.problem} />
      <RoleAndEnte
        prefix="link"
        role={role}
        setRole={setRole}
        ente={ente}
        setEnte={setEnte}
        error={form.error}
      />
      <SubmitButton sending={form.sending}>Crea il collegamento</SubmitButton>
      {link && (
        <div className="alert alert-success mt-4" role="status">
          <label htmlFor="link-url" className="form-label d-block">
            Collegamento da inviare (scade il {formatInstant(link.expiresAt)})
          </label>
          <div className="d-flex gap-2">
            <input
              id="link-url"
              className="form-control"
              readOnly
              value={link.url}
              onFocus={(e) => e.target.select()}
            />
            <button type="button" className="btn btn-outline-primary" onClick={() => void copy()}>
              {copied ? 'Copiato' : 'Copia'}
            </button>
          </div>
        </div>
      )}
    </form>
  );
}

function GrantsTable({
  ambitoId,
  grants,
  onChange,
}: {
  ambitoId: string;
  grants: Grant[];
  onChange(): void;
}) {
  if (grants.length === 0) return <p>Nessun ruolo assegnato in questo ambito.</p>;
  return (
    <div className="table-responsive">
      <table className="table">
        <caption className="visually-hidden">Ruoli assegnati nell’ambito</caption>
        <thead>
          <tr>
            <th scope="col">Codice di accesso</th>
            <th scope="col">Ruolo</th>
            <th scope="col">Ente</th>
            <th scope="col">Azioni</th>
          </tr>
        </thead>
        <tbody>
          {grants.map((g) => (
            <tr key={g.grantId} data-testid="ruolo">
              <td>
                <code>{g.accountId}</code>
              </td>
              <td>{ROLE_TEXT[g.role] ?? g.role}</td>
              <td>{g.ente ?? '—'}</td>
              <td>
                <RevokeButton ambitoId={ambitoId} grant={g} onDone={onChange} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RevokeButton({
  ambitoId,
  grant: g,
  onDone,
}: {
  ambitoId: string;
  grant: Grant;
  onDone(): void;
}) {
  const form = useCommandForm((_: null, key: string) => revoke(ambitoId, g.grantId, key), {
    onDone,
  });
  return (
    <>
      <button
        type="button"
        className="btn btn-outline-danger btn-sm"
        disabled={form.sending}
        onClick={() => void form.submit(null)}
      >
        {form.sending ? 'Revoca in corso…' : 'Revoca'}
        <span className="visually-hidden"> il ruolo di {g.accountId}</span>
      </button>
      {form.problem && (
        <div className="text-danger small" role="alert">
          {form.problem.message}
        </div>
      )}
    </>
  );
}

function GrantForm({ ambitoId, onDone }: { ambitoId: string; onDone(): void }) {
  const [account, setAccount] = useState('');
  const [role, setRole] = useState('ente');
  const [ente, setEnte] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useCommandForm((body: GrantAccess, key: string) => grant(ambitoId, body, key), {
    codeFields: CODE_FIELDS,
    fieldText: FIELD_TEXT,
    onDone: () => {
      setDone(account.trim());
      setAccount('');
      setEnte('');
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    void form.submit({
      account: account.trim(),
      role: role as GrantAccess['role'],
      ...(role === 'ente' ? { ente: ente.trim() } : {}),
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      {done && (
        <div className="alert alert-success" role="status">
          Ruolo assegnato a {done}.
        </div>
      )}
      <FormAlert problem={form.problem} />
      <Field
        id="grant-account"
        label="Codice di accesso della persona"
        error={form.error('account')}
      >
        {(a) => (
          <input
            {...a}
            className={`form-control ${a.className}`}
            value={account}
            placeholder="acc-…"
            onChange={(e) => setAccount(e.target.value)}
          />
        )}
      </Field>
      <RoleAndEnte
        prefix="grant"
        role={role}
        setRole={setRole}
        ente={ente}
        setEnte={setEnte}
        error={form.error}
      />
      <SubmitButton sending={form.sending}>Assegna il ruolo</SubmitButton>
    </form>
  );
}

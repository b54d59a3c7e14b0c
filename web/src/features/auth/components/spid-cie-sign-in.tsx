import { useState } from 'react';
import { Spinner } from '@/components/loaded';
import { useApi } from '@/lib/use-api';
import { ambitiToSignInFor, OIDC_LOGIN, oidcEnabled } from '../api/oidc';

function PersonIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="24" height="24" viewBox="0 0 24 24">
      <circle cx="12" cy="8" r="4.5" fill="currentColor" />
      <path d="M3 22c0-5 4-8 9-8s9 3 9 8z" fill="currentColor" />
    </svg>
  );
}

/**
 * "Entra con SPID" / "Entra con CIE" in Designers Italia's manner (the kit's primary button with
 * the person icon), when the ledger has an identity broker: both start the same OpenID Connect
 * sign-in, and the broker (Keycloak, say) offers the person SPID's identity providers or CIE.
 * Without a broker, the page says how the sign-in link works instead.
 */
export function SpidCieSignIn() {
  const [ambito, setAmbito] = useState('');
  const state = useApi('oidc', async (signal) => {
    const enabled = await oidcEnabled(signal);
    return { enabled, ambiti: enabled ? await ambitiToSignInFor(signal) : [] };
  });
  if (state.status === 'loading') return <Spinner label="Modalità di accesso" />;
  if (state.status === 'error' || !state.data.enabled)
    return (
      <div className="callout" data-testid="senza-spid">
        <div className="callout-title">Accesso con collegamento personale</div>
        <p className="mb-0">
          Questo registro non è collegato a SPID o CIE: si entra solo con il collegamento personale
          che l’Ufficio di Piano invia per posta elettronica. Il collegamento si apre una volta
          sola, entro poco tempo: se è scaduto o già usato, chiedine uno nuovo.
        </p>
      </div>
    );
  const { ambiti } = state.data;
  return (
    <section aria-labelledby="spid-cie" className="mb-4">
      <h2 id="spid-cie" className="h4">
        Entra con la tua identità digitale
      </h2>
      <form method="get" action={OIDC_LOGIN}>
        {ambiti.length > 0 && (
          <div className="mb-3">
            <label htmlFor="oidc-ambito" className="form-label d-block">
              Ambito in cui lavori
            </label>
            {/* No ambito chosen: no parameter at all (the platform's grants only). */}
            <select
              id="oidc-ambito"
              name={ambito ? 'ambito' : undefined}
              className="form-select"
              value={ambito}
              onChange={(e) => setAmbito(e.target.value)}
            >
              <option value="">Nessuno (valutatori)</option>
              {ambiti.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="d-flex flex-wrap gap-3">
          <button
            type="submit"
            className="btn btn-primary btn-icon rounded-pill px-4"
            data-testid="entra-spid"
          >
            <PersonIcon />
            <span className="ms-2">Entra con SPID</span>
          </button>
          <button type="submit" className="btn btn-primary btn-icon rounded-pill px-4">
            <PersonIcon />
            <span className="ms-2">Entra con CIE</span>
          </button>
        </div>
      </form>
    </section>
  );
}

import { Page } from '@/components/page';
import { LinkSignIn } from '@/features/auth/components/link-sign-in';
import { SpidCieSignIn } from '@/features/auth/components/spid-cie-sign-in';

export default function SignIn() {
  return (
    <Page title="Accedi" crumbs={[{ label: 'Ambiti', to: '/' }]}>
      <LinkSignIn />
      <SpidCieSignIn />
      <p>
        Le pagine pubbliche si leggono senza accedere. Per lavorare nel registro (l'Ufficio di
        Piano, gli enti del Terzo settore, i valutatori) si entra con un collegamento personale.
      </p>
      <div className="callout">
        <div className="callout-title">Come ottenere il collegamento</div>
        <ul>
          <li>
            <strong>Enti del Terzo settore</strong>: l'Ufficio di Piano del tuo ambito ti invia per
            posta elettronica un collegamento di accesso, valido per poco tempo e per un solo uso.
          </li>
          <li>
            <strong>Ufficio di Piano e valutatori</strong>: chiedi il collegamento a chi gestisce il
            registro del tuo ambito.
          </li>
        </ul>
        <p className="mb-0">
          Aprendo il collegamento si entra subito: l'accesso dura alcune ore e termina con «Esci».
        </p>
      </div>
    </Page>
  );
}

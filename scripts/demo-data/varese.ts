/**
 * The Varese demo: the ambito distrettuale di Varese (12 comuni, capofila Varese, Regione
 * Lombardia) writing its Piano di Zona 2025-2027 with the third sector, as the seed reports tell
 * it: a manifestazione d'interesse for co-programmazione, enti of every kind (cooperative, ODV,
 * APS, fondazioni, ASST Sette Laghi and ATS Insubria, a school, a union), six tavoli on the
 * Lombardy policy areas, about a hundred contributions, and the approval by the Assemblea dei
 * Sindaci. Names of enti and people are invented; codici fiscali are generated with a valid check
 * digit. Everything is derived from one seed, so two builds are identical.
 */
import { createHash } from 'node:crypto';
import { withCheckDigit } from '../../src/domain/codice-fiscale.js';
import type { ContributionKind, EnteCategory, PolicyArea } from '../../src/domain/vocabularies.js';
import { SeededRandom } from './random.js';
import type {
  Scenario,
  ScenarioContribution,
  ScenarioEnte,
  ScenarioSession,
  ScenarioStep,
  ScenarioTavolo,
} from './scenario.js';

export const VARESE_SEED = 20252027;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const COMUNI = [
  'Varese',
  'Barasso',
  'Bodio Lomnago',
  'Brinzio',
  'Casciago',
  'Cazzago Brabbia',
  'Comerio',
  'Galliate Lombardo',
  'Inarzo',
  'Lozza',
  'Luvinate',
  'Malnate',
];

type TavoloKey = 'dom' | 'lav' | 'abi' | 'pov' | 'dig' | 'soc';

const TAVOLI: (ScenarioTavolo & { key: TavoloKey })[] = [
  {
    key: 'dom',
    name: 'Domiciliarità e prossimità',
    policyArea: 'domiciliarita',
    description:
      'Cura, salute e domiciliarità: anziani fragili, caregiver, servizi a domicilio e reti di prossimità.',
    // Open to citizens and informal groups: caregivers speak for themselves here.
    openToCitizens: true,
  },
  {
    key: 'lav',
    name: 'Lavoro e formazione',
    policyArea: 'lavoro',
    description:
      'Politiche attive del lavoro, orientamento dei giovani, inclusione lavorativa delle persone fragili.',
  },
  {
    key: 'abi',
    name: 'Abitare',
    policyArea: 'abitare',
    description:
      'Politiche abitative: emergenza abitativa, locazione sostenibile, housing sociale e temporaneo.',
  },
  {
    key: 'pov',
    name: 'Povertà e inclusione',
    policyArea: 'poverta-inclusione',
    description:
      'Inclusione e coesione: povertà alimentare ed educativa, persone senza dimora, lavoro povero.',
  },
  {
    key: 'dig',
    name: 'Digitalizzazione dei servizi',
    policyArea: 'digitale',
    description:
      "Accesso digitale ai servizi, facilitazione per i cittadini, strumenti comuni per i comuni dell'ambito.",
  },
  {
    key: 'soc',
    name: 'Integrazione sociosanitaria',
    policyArea: 'sociosanitario',
    description:
      'Raccordo con ASST Sette Laghi e ATS Insubria: Case di Comunità, dimissioni protette, salute mentale.',
  },
];

interface EnteSeed {
  key: string;
  name: string;
  category: EnteCategory;
  comune: string;
  tavoli: TavoloKey[];
  excluded?: string;
  /** The ente's answer to the preavviso di rigetto that precedes its exclusion. */
  preavvisoAnswer?: string;
  noRunts?: boolean;
}

const ENTI: EnteSeed[] = [
  {
    key: 'ponte-sorriso',
    name: 'Cooperativa Sociale Il Ponte del Sorriso',
    category: 'cooperativa-sociale',
    comune: 'Varese',
    tavoli: ['dom', 'soc'],
  },
  {
    key: 'lavoro-prealpi',
    name: 'Cooperativa Sociale Lavoro e Solidarietà Prealpi',
    category: 'cooperativa-sociale',
    comune: 'Malnate',
    tavoli: ['lav', 'pov'],
  },
  {
    key: 'campo-fiori',
    name: 'Cooperativa Sociale Casa Campo dei Fiori',
    category: 'cooperativa-sociale',
    comune: 'Luvinate',
    tavoli: ['dom', 'abi'],
  },
  {
    key: 'arcobaleno',
    name: 'Cooperativa Sociale Arcobaleno Insubria',
    category: 'cooperativa-sociale',
    comune: 'Casciago',
    tavoli: ['pov', 'dig'],
  },
  {
    key: 'abitare-solidale',
    name: 'Cooperativa Sociale Abitare Solidale Varesino',
    category: 'cooperativa-sociale',
    comune: 'Varese',
    tavoli: ['abi', 'pov'],
  },
  {
    key: 'betulla',
    name: 'Cooperativa Sociale La Betulla',
    category: 'cooperativa-sociale',
    comune: 'Bodio Lomnago',
    tavoli: ['lav', 'soc'],
  },
  {
    key: 'officina-lago',
    name: 'Officina del Lago Impresa Sociale S.r.l.',
    category: 'impresa-sociale',
    comune: 'Comerio',
    tavoli: ['lav', 'dig'],
  },
  {
    key: 'amici-anziano',
    name: "Associazione Amici dell'Anziano ODV",
    category: 'odv',
    comune: 'Varese',
    tavoli: ['dom'],
  },
  {
    key: 'soccorso-laghi',
    name: 'Volontari del Soccorso Sette Laghi ODV',
    category: 'odv',
    comune: 'Comerio',
    tavoli: ['dom', 'soc'],
  },
  {
    key: 'banco-alimentare',
    name: 'Banco di Solidarietà Alimentare del Varesotto ODV',
    category: 'odv',
    comune: 'Malnate',
    tavoli: ['pov'],
  },
  {
    key: 'ascolto-san-vittore',
    name: 'Centro di Ascolto San Vittore ODV',
    category: 'odv',
    comune: 'Varese',
    tavoli: ['pov', 'abi'],
  },
  {
    key: 'famiglie-insieme',
    name: 'Associazione Famiglie Insieme ODV',
    category: 'odv',
    comune: 'Casciago',
    tavoli: ['dom', 'soc'],
  },
  {
    key: 'alzheimer-prealpi',
    name: 'Associazione Alzheimer Prealpi ODV',
    category: 'odv',
    comune: 'Varese',
    tavoli: ['soc', 'dom'],
  },
  {
    key: 'genitori-scuole',
    name: 'Associazione Genitori Scuole Varesine APS',
    category: 'aps',
    comune: 'Varese',
    tavoli: ['pov', 'dig'],
  },
  {
    key: 'circolo-lago',
    name: 'Circolo Culturale Lago di Varese APS',
    category: 'aps',
    comune: 'Cazzago Brabbia',
    tavoli: ['dom', 'dig'],
  },
  {
    key: 'giovani-rete',
    name: 'Giovani in Rete Inarzo APS',
    category: 'aps',
    comune: 'Inarzo',
    tavoli: ['lav', 'dig'],
  },
  {
    key: 'digitale-solidale',
    name: 'Digitale Solidale APS',
    category: 'aps',
    comune: 'Lozza',
    tavoli: ['dig'],
  },
  {
    key: 'polisportiva',
    name: 'Polisportiva Inclusiva Galliate APS',
    category: 'aps',
    comune: 'Galliate Lombardo',
    tavoli: ['lav', 'soc'],
  },
  {
    key: 'villa-serena',
    name: 'Fondazione Residenza Villa Serena',
    category: 'fondazione',
    comune: 'Barasso',
    tavoli: ['dom', 'soc'],
  },
  {
    key: 'dopo-di-noi',
    name: 'Fondazione Dopo di Noi Sette Laghi',
    category: 'fondazione',
    comune: 'Varese',
    tavoli: ['abi', 'soc'],
  },
  {
    key: 'comunita-prealpi',
    name: 'Fondazione Comunità Prealpi Varesine',
    category: 'ente-filantropico',
    comune: 'Varese',
    tavoli: ['pov', 'abi'],
  },
  {
    key: 'coord-volontariato',
    name: 'Coordinamento del Volontariato Varesino',
    category: 'rete-associativa',
    comune: 'Varese',
    tavoli: ['dom', 'pov', 'dig'],
  },
  {
    key: 'mutuo-malnate',
    name: 'Società di Mutuo Soccorso di Malnate',
    category: 'mutuo-soccorso',
    comune: 'Malnate',
    tavoli: ['abi', 'dom'],
  },
  {
    key: 'filo-brinzio',
    name: 'Associazione Il Filo di Brinzio ETS',
    category: 'altro-ets',
    comune: 'Brinzio',
    tavoli: ['dom', 'pov'],
  },
  {
    key: 'asst-sette-laghi',
    name: 'ASST dei Sette Laghi',
    category: 'ente-pubblico',
    comune: 'Varese',
    tavoli: ['soc', 'dom'],
  },
  {
    key: 'ats-insubria',
    name: "ATS dell'Insubria",
    category: 'ente-pubblico',
    comune: 'Varese',
    tavoli: ['soc', 'dig'],
  },
  {
    key: 'cpia-varese',
    name: "Centro Provinciale per l'Istruzione degli Adulti di Varese",
    category: 'scuola',
    comune: 'Varese',
    tavoli: ['lav', 'dig'],
  },
  {
    key: 'ic-varese-1',
    name: 'Istituto Comprensivo Varese 1',
    category: 'scuola',
    comune: 'Varese',
    tavoli: ['pov', 'dig'],
  },
  {
    key: 'camera-lavoro',
    name: 'Camera del Lavoro Territoriale di Varese',
    category: 'sindacato',
    comune: 'Varese',
    tavoli: ['lav', 'pov'],
  },
  {
    key: 'nuovi-orizzonti',
    name: 'Associazione Nuovi Orizzonti APS',
    category: 'aps',
    comune: 'Bodio Lomnago',
    tavoli: [],
    noRunts: true,
    excluded:
      "L'associazione non risulta iscritta al RUNTS e non ha documentato una procedura di iscrizione in corso, requisito dell'art. 3 dell'avviso.",
    preavvisoAnswer:
      "L'associazione dichiara di voler avviare l'iscrizione al RUNTS, senza allegare la domanda presentata.",
  },
];

/** Categories that sit in the RUNTS (cooperatives and imprese sociali are in the Registro delle imprese). */
const RUNTS_CATEGORIES: EnteCategory[] = [
  'odv',
  'aps',
  'fondazione',
  'ente-filantropico',
  'rete-associativa',
  'mutuo-soccorso',
  'altro-ets',
];

const FIRST_NAMES = [
  'Giulia',
  'Marco',
  'Francesca',
  'Luca',
  'Chiara',
  'Alessandro',
  'Sara',
  'Matteo',
  'Elena',
  'Paolo',
  'Silvia',
  'Andrea',
  'Laura',
  'Davide',
  'Valentina',
  'Stefano',
  'Federica',
  'Roberto',
  'Anna',
  'Giorgio',
];
const LAST_NAMES = [
  'Bernasconi',
  'Colombo',
  'Brambilla',
  'Ferrari',
  'Galli',
  'Macchi',
  'Zanetti',
  'Bianchi',
  'Broggini',
  'Castiglioni',
  'Ossola',
  'Caravati',
  'Morandi',
  'Bossi',
  'Piccinelli',
  'Rossetti',
  'Tettamanti',
  'Sessa',
  'Cattaneo',
  'Fumagalli',
];

/** First seven digits of a plausible codice fiscale: associations 80/9x, companies and public bodies 0x. */
function matricola(rng: SeededRandom, category: EnteCategory): string {
  switch (category) {
    case 'cooperativa-sociale':
    case 'impresa-sociale':
      return '0' + String(rng.int(1, 3)) + rng.digits(5);
    case 'ente-pubblico':
      return '03' + rng.digits(5);
    case 'scuola':
    case 'sindacato':
      return '80' + rng.digits(5);
    default:
      return rng.pick(['95', '97', '80']) + rng.digits(5);
  }
}

const VARESE_OFFICE = '012'; // ufficio provinciale di Varese

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function buildEnti(rng: SeededRandom): ScenarioEnte[] {
  const used = new Set<string>();
  return ENTI.map((e, i) => {
    let cf: string;
    do cf = withCheckDigit(matricola(rng, e.category) + VARESE_OFFICE);
    while (used.has(cf));
    used.add(cf);
    const first = FIRST_NAMES[(i * 7 + rng.int(0, FIRST_NAMES.length - 1)) % FIRST_NAMES.length]!;
    const last = LAST_NAMES[rng.int(0, LAST_NAMES.length - 1)]!;
    const ente: ScenarioEnte = {
      key: e.key,
      codiceFiscale: cf,
      name: e.name,
      category: e.category,
      comune: e.comune,
      contact: {
        name: `${first} ${last}`,
        email: `${ascii(first)}.${ascii(last)}@${e.key}.example.org`,
      },
      decision: e.excluded
        ? {
            outcome: 'excluded',
            reason: e.excluded,
            ...(e.preavvisoAnswer ? { preavvisoAnswer: e.preavvisoAnswer } : {}),
          }
        : { outcome: 'admitted' },
      tavoli: e.tavoli,
    };
    if (RUNTS_CATEGORIES.includes(e.category) && !e.noRunts)
      ente.runtsNumber = String(rng.int(10000, 199999));
    return ente;
  });
}

/** One topic a contribution is about: its title, and a sentence of detail for the body. `by` fixes the ente. */
type Topic = [title: string, detail: string, by?: string];

interface TavoloTopics {
  need: Topic[];
  proposal: Topic[];
  observation: Topic[];
  evidence: Topic[];
}

const TOPICS: Record<TavoloKey, TavoloTopics> = {
  dom: {
    need: [
      [
        'Anziani soli nei comuni collinari senza rete di prossimità',
        'Nei comuni più piccoli (Brinzio, Cazzago Brabbia, Inarzo) molti anziani vivono soli, senza familiari vicini, e i servizi arrivano solo su segnalazione.',
      ],
      [
        'Sostegno ai caregiver familiari di persone non autosufficienti',
        'I caregiver chiedono sollievo programmato e un punto di ascolto: oggi si rivolgono a noi quando sono già allo stremo.',
      ],
      [
        "Tempi di attivazione dell'assistenza domiciliare troppo lunghi",
        "Tra la domanda e l'avvio del servizio di assistenza domiciliare passano spesso più di sei settimane.",
      ],
      [
        'Trasporto sociale verso visite e terapie',
        'Chi vive sui laghi per raggiungere le visite a Varese dipende dai volontari, che non bastano più.',
      ],
    ],
    proposal: [
      [
        'Custodia sociale di quartiere con volontari formati',
        "Una rete di custodi sociali, con un referente per ogni zona dell'ambito, che visiti con regolarità gli anziani fragili segnalati dai servizi.",
      ],
      [
        'Sportello unico per la domiciliarità',
        'Un solo punto di accesso, anche telefonico, per assistenza domiciliare, pasti a domicilio, telesoccorso e misure regionali, con una sola valutazione del bisogno.',
      ],
      [
        'Ricoveri di sollievo programmati per i caregiver',
        'Posti di sollievo a rotazione nelle RSA e nei centri diurni del territorio, prenotabili con anticipo dalle famiglie.',
      ],
      [
        'Centrale unica del trasporto sociale',
        'Un calendario condiviso tra le associazioni che fanno trasporto, con una centrale di prenotazione unica per tutto il distretto.',
      ],
    ],
    observation: [
      [
        'Il volontariato invecchia: servono nuove leve',
        "L'età media dei nostri volontari supera i 68 anni; senza un ricambio alcuni servizi si fermeranno.",
      ],
      [
        'Le misure regionali per la non autosufficienza sono poco conosciute',
        'Molte famiglie scoprono le misure B1 e B2 per caso, spesso dopo mesi di assistenza a proprie spese.',
      ],
      [
        "Buona collaborazione con l'infermiere di famiglia e comunità",
        "Dove l'infermiere di famiglia è presente, le segnalazioni arrivano prima e le visite a domicilio sono coordinate.",
      ],
      [
        "Costi dell'assistenza domiciliare diversi da comune a comune",
        'La stessa ora di assistenza costa alle famiglie cifre diverse nei dodici comuni: serve un regolamento di ambito.',
      ],
    ],
    evidence: [
      [
        'Dati 2024 del servizio pasti a domicilio',
        'Il servizio ha raggiunto {n} persone, in maggioranza sopra gli 80 anni, con {m} pasti consegnati.',
      ],
      [
        "Mappatura dei caregiver che si sono rivolti all'associazione",
        'Abbiamo incontrato {n} caregiver; {p}% assiste un familiare da più di tre anni.',
      ],
      [
        'Questionario agli utenti del telesoccorso',
        'Hanno risposto {n} utenti; il {p}% chiede anche una telefonata di compagnia settimanale.',
      ],
      [
        'Richieste di trasporto sociale non soddisfatte',
        'Nel 2024 non abbiamo potuto accogliere {n} richieste di accompagnamento su {m}.',
      ],
    ],
  },
  lav: {
    need: [
      [
        'Giovani NEET senza percorsi di orientamento',
        'Nel distretto crescono i giovani che non studiano e non lavorano; molti non sono in contatto con alcun servizio.',
      ],
      [
        'Persone con disabilità in attesa di inserimento lavorativo',
        'Le liste del collocamento mirato sono lunghe e i tirocini attivati non bastano.',
      ],
      [
        'Rientro al lavoro delle donne dopo la maternità',
        'Mancano servizi per la prima infanzia con orari compatibili con il lavoro a turni.',
      ],
      [
        'Competenze linguistiche dei lavoratori stranieri',
        'Senza un livello base di italiano molti lavoratori restano confinati in impieghi precari.',
      ],
    ],
    proposal: [
      [
        'Tirocini di inclusione con le imprese del territorio',
        'Un accordo di ambito con le imprese per tirocini di inclusione accompagnati da un tutor della cooperazione sociale.',
      ],
      [
        'Laboratorio di orientamento per giovani NEET',
        'Un laboratorio itinerante nei comuni, con attività pratiche e incontri con le imprese locali.',
      ],
      [
        'Corsi di italiano per il lavoro in orario serale',
        'Corsi brevi di italiano per il lavoro, tenuti la sera nelle sedi dei comuni con il supporto del CPIA.',
      ],
      [
        "Tavolo permanente con imprese e centro per l'impiego",
        "Un tavolo trimestrale tra ufficio di piano, centro per l'impiego, imprese e cooperative di tipo B.",
      ],
    ],
    observation: [
      [
        'Senza accompagnamento i tirocini si interrompono presto',
        'Metà dei tirocini senza tutor si è interrotta entro tre mesi.',
      ],
      [
        'Le imprese cercano figure che la formazione non prepara',
        'Manutentori, addetti alla logistica e operatori sociosanitari sono le figure più richieste.',
      ],
      [
        'Il trasporto limita il lavoro di chi vive nei comuni minori',
        "Da Brinzio e Inarzo raggiungere una zona industriale senza auto richiede più di un'ora.",
      ],
      [
        'Buone prassi della cooperazione sociale di tipo B',
        'Gli inserimenti con un progetto personalizzato hanno tenuto anche dopo la fine degli incentivi.',
      ],
    ],
    evidence: [
      [
        'Esiti dei tirocini avviati nel 2023-2024',
        'Su {m} tirocini avviati, {n} si sono trasformati in un contratto di lavoro.',
      ],
      [
        'Profilo degli iscritti ai corsi per adulti',
        'Gli iscritti sono stati {m}; il {p}% frequenta per ragioni di lavoro.',
      ],
      [
        'Fabbisogni professionali delle imprese locali',
        'Abbiamo intervistato {n} imprese: il {p}% fatica a trovare personale qualificato.',
      ],
      [
        'Inserimenti lavorativi della cooperazione sociale',
        'Nel 2024 le cooperative di tipo B del distretto hanno inserito {n} persone svantaggiate.',
      ],
    ],
  },
  abi: {
    need: [
      [
        'Famiglie sotto sfratto per morosità incolpevole',
        'Aumentano le famiglie che perdono la casa dopo la perdita del lavoro o una malattia.',
      ],
      [
        "Mancano alloggi temporanei per l'emergenza abitativa",
        "Oggi l'unica risposta immediata è l'albergo, costosa e inadatta ai nuclei con minori.",
      ],
      [
        'Affitti insostenibili per giovani e lavoratori',
        'A Varese i canoni sono cresciuti più dei redditi; chi lavora con contratti brevi non trova casa.',
      ],
      [
        'Alloggi pubblici sfitti in attesa di manutenzione',
        'Decine di alloggi pubblici restano vuoti per mancanza di fondi per piccoli lavori.',
      ],
    ],
    proposal: [
      [
        'Agenzia sociale per la locazione di ambito',
        "Un'agenzia che faccia incontrare proprietari e inquilini, con garanzie e accompagnamento all'abitare.",
      ],
      [
        'Housing first per persone senza dimora',
        'Piccoli appartamenti diffusi con un educatore di riferimento, al posto dei posti letto in dormitorio.',
      ],
      [
        'Coabitazioni solidali tra anziani e studenti',
        'Anziani soli con una stanza libera ospitano studenti in cambio di compagnia e piccoli aiuti.',
      ],
      [
        'Fondo di garanzia per chi affitta a canone concordato',
        'Un fondo che copra i primi mesi di eventuale morosità per convincere i proprietari ad affittare.',
      ],
    ],
    observation: [
      [
        'I proprietari temono la morosità più dei canoni bassi',
        'Molti proprietari preferiscono lasciare sfitto piuttosto che rischiare un inquilino insolvente.',
      ],
      [
        "L'emergenza abitativa si concentra a Varese e Malnate",
        'I comuni più grandi ricevono quasi tutte le richieste, anche da residenti degli altri comuni.',
      ],
      [
        'Serve un regolamento unico per i servizi abitativi transitori',
        'Criteri diversi tra i comuni rendono difficile spostare un nucleo dove si libera un alloggio.',
      ],
      [
        "L'accompagnamento educativo decide la riuscita dell'housing",
        "Dove c'è un educatore, le famiglie escono dall'alloggio temporaneo con una soluzione stabile.",
      ],
    ],
    evidence: [
      [
        "Sfratti convalidati nell'ambito",
        "Nel 2024 gli sfratti convalidati nell'ambito sono stati {n}, {p}% per morosità.",
      ],
      [
        'Esiti del progetto di housing temporaneo 2022-2024',
        'Dei {m} nuclei accolti, {n} hanno trovato una casa in affitto entro un anno.',
      ],
      [
        'Censimento degli alloggi sfitti dei comuni',
        'Gli alloggi comunali sfitti censiti sono {n}; {p}% richiede lavori sotto i 10.000 euro.',
      ],
      [
        'Richieste di contributo affitto per fascia di reddito',
        'Le domande di contributo sono state {m}; il {p}% viene da nuclei con ISEE sotto 10.000 euro.',
      ],
    ],
  },
  pov: {
    need: [
      [
        'Crescono le famiglie in povertà alimentare',
        'Ai nostri punti di distribuzione si presentano famiglie che fino a due anni fa non avevano bisogno di aiuto.',
      ],
      [
        'Nuclei con lavoro povero e debiti',
        'Molte famiglie lavorano ma non arrivano a fine mese e si indebitano con finanziarie e bollette.',
      ],
      [
        'Persone senza dimora nei mesi invernali',
        'In inverno i posti letto disponibili non bastano e alcune persone dormono in stazione.',
      ],
      [
        'Minori in povertà educativa',
        'Bambini e ragazzi di famiglie fragili non hanno accesso a sport, musica e doposcuola.',
      ],
    ],
    proposal: [
      [
        'Emporio solidale di ambito',
        'Un emporio dove le famiglie segnalate dai servizi scelgono i prodotti con una tessera a punti, con orari serali.',
      ],
      [
        'Educazione finanziaria e prevenzione del sovraindebitamento',
        'Uno sportello di consulenza sul bilancio familiare e percorsi di gruppo nei comuni.',
      ],
      [
        'Piano freddo coordinato tra comuni e associazioni',
        "Un piano unico per l'inverno con posti letto, unità di strada e un numero di riferimento.",
      ],
      [
        'Doposcuola diffuso con scuole e associazioni',
        'Doposcuola gratuiti in ogni comune, con educatori e volontari, collegati agli insegnanti.',
      ],
    ],
    observation: [
      [
        "L'Assegno di inclusione ha lasciato scoperti molti nuclei",
        'Famiglie senza minori né anziani a carico sono rimaste senza sostegno e si rivolgono alle associazioni.',
      ],
      [
        'Le famiglie si vergognano di chiedere aiuto',
        'Molti arrivano ai servizi solo dopo mesi, quando la situazione è già grave.',
      ],
      [
        'Serve una presa in carico condivisa',
        'Servizi sociali e terzo settore seguono le stesse famiglie senza conoscere i rispettivi interventi.',
      ],
      [
        'Le reti di distribuzione alimentare sono frammentate',
        'Nel distretto operano molti punti di distribuzione con criteri e calendari diversi.',
      ],
    ],
    evidence: [
      [
        'Pacchi alimentari distribuiti nel 2024',
        'Abbiamo distribuito {m} pacchi a {n} famiglie, il {p}% con minori.',
      ],
      [
        'Profilo delle persone accolte al centro di ascolto',
        'Le persone accolte sono state {n}; il {p}% ha un lavoro.',
      ],
      [
        'Presenze al dormitorio invernale',
        'Da novembre a marzo le presenze sono state {m}, per {n} persone diverse.',
      ],
      [
        "Dispersione scolastica nell'ambito",
        "Gli abbandoni registrati nelle scuole dell'ambito sono {n}, concentrati nel primo anno delle superiori.",
      ],
    ],
  },
  dig: {
    need: [
      [
        'Anziani esclusi dai servizi online',
        'Senza SPID e fascicolo sanitario molti anziani non riescono a prenotare visite né a chiedere contributi.',
      ],
      [
        'Famiglie senza connessione o dispositivi adeguati',
        'Alcune famiglie hanno solo uno smartphone condiviso per lavoro, scuola e pratiche.',
      ],
      [
        'Competenze digitali degli operatori del terzo settore',
        'Gli operatori delle associazioni usano strumenti diversi e spesso non sicuri per i dati.',
      ],
      [
        'Moduli diversi in ogni comune per le stesse prestazioni',
        'Per lo stesso contributo ogni comune chiede documenti e moduli differenti.',
      ],
    ],
    proposal: [
      [
        'Punti di facilitazione digitale in ogni comune',
        'Un punto di facilitazione aperto almeno una volta a settimana in ogni comune, anche nelle biblioteche.',
      ],
      [
        'Cartella sociale informatizzata di ambito',
        'Una cartella sociale unica per i dodici comuni, con accesso regolato per gli enti che seguono la persona.',
      ],
      [
        'Volontari digitali intergenerazionali con le scuole',
        "Studenti delle superiori affiancano gli anziani nell'uso dei servizi online, riconosciuto come PCTO.",
      ],
      [
        'Portale unico delle domande per le prestazioni sociali',
        'Un portale di ambito per presentare e seguire le domande, con assistenza allo sportello per chi non è autonomo.',
      ],
    ],
    observation: [
      [
        'La facilitazione funziona se è vicina a casa',
        'Gli anziani dei comuni minori non si spostano a Varese per un aiuto con il computer.',
      ],
      [
        'Attenzione alla protezione dei dati personali',
        'La condivisione di dati sociali tra enti richiede regole chiare e formazione.',
      ],
      [
        'Il digitale non deve sostituire lo sportello',
        'Chi non può usare gli strumenti online deve poter ancora parlare con una persona.',
      ],
      [
        'Le scuole sono pronte a progetti di cittadinanza digitale',
        'Gli istituti hanno docenti e laboratori disponibili anche nel pomeriggio.',
      ],
    ],
    evidence: [
      [
        'Accessi al punto di facilitazione digitale nel 2024',
        'Gli accessi sono stati {m}; il {p}% per attivare lo SPID o il fascicolo sanitario.',
      ],
      [
        'Competenze digitali degli over 65: esito del questionario',
        'Su {n} risposte, il {p}% non sa prenotare una visita online.',
      ],
      [
        'Tempi di istruttoria delle domande cartacee',
        'Una domanda cartacea richiede in media {n} giorni di istruttoria contro {m} ore per quelle online.',
      ],
      [
        'Ricognizione degli applicativi usati dai comuni',
        'I dodici comuni usano {n} applicativi diversi per la gestione dei servizi sociali.',
      ],
    ],
  },
  soc: {
    need: [
      [
        'Dimissioni ospedaliere senza continuità assistenziale',
        'Anziani dimessi il venerdì tornano a casa senza che i servizi sociali siano stati avvisati.',
        'asst-sette-laghi',
      ],
      [
        'Salute mentale dei giovani dopo la pandemia',
        'Crescono ansia, ritiro sociale e disturbi alimentari tra gli adolescenti.',
      ],
      [
        'Persone con demenza e famiglie senza orientamento',
        'Dopo la diagnosi le famiglie non sanno a chi rivolgersi per il supporto quotidiano.',
      ],
      [
        'Accesso frammentato tra servizi sociali e Case di Comunità',
        "Le persone ripetono la stessa storia a sportelli diversi del comune e dell'ASST.",
      ],
    ],
    proposal: [
      [
        'Punto unico di accesso nelle Case di Comunità',
        'Operatori sociali dei comuni presenti nelle Case di Comunità accanto agli infermieri di famiglia.',
        'ats-insubria',
      ],
      [
        'Dimissioni protette con valutazione multidimensionale condivisa',
        'Una procedura unica tra ospedale, comuni ed enti gestori per preparare il rientro a casa.',
      ],
      [
        'Caffè Alzheimer e rete per le demenze',
        'Incontri mensili per persone con demenza e familiari in più comuni, con una linea di ascolto.',
      ],
      [
        "Équipe integrate per l'adolescenza",
        "Un'équipe con neuropsichiatria, consultorio, servizi sociali ed educatori per intervenire presto.",
      ],
    ],
    observation: [
      [
        'La riforma sociosanitaria regionale apre spazi di collaborazione',
        'Le Case di Comunità possono diventare il luogo naturale della co-progettazione.',
      ],
      [
        "Tempi d'attesa lunghi per la neuropsichiatria infantile",
        'Le famiglie attendono mesi per una prima valutazione e intanto si rivolgono al privato.',
      ],
      [
        "Ruolo dell'infermiere di famiglia e comunità",
        "L'infermiere di famiglia è un ponte prezioso tra medico, comune e associazioni.",
      ],
      [
        'Dati sanitari e sociali che non dialogano',
        'Ogni servizio ha i propri sistemi e nessuno vede il percorso completo della persona.',
      ],
    ],
    evidence: [
      [
        "Dimissioni protette attivate dall'ospedale di Circolo nel 2024",
        "Le dimissioni protette verso i comuni dell'ambito sono state {n}, il {p}% con bisogno di assistenza a domicilio.",
        'asst-sette-laghi',
      ],
      [
        'Accessi di adolescenti ai servizi di salute mentale',
        'Gli accessi di under 18 sono stati {n}, in crescita del {p}% sul 2022.',
        'ats-insubria',
      ],
      [
        'Utenti dei centri diurni per persone con demenza',
        "I centri diurni hanno seguito {n} persone; la lista d'attesa conta {m} nomi.",
      ],
      [
        "Valutazioni multidimensionali dell'équipe territoriale",
        'Le valutazioni svolte sono state {m}, con un tempo medio di {n} giorni dalla richiesta.',
      ],
    ],
  },
};

/** Four more contributions that cross tavoli: a need of the union, two observations, a proposal of the network. */
const EXTRA: { tavolo: TavoloKey; kind: ContributionKind; topic: Topic }[] = [
  {
    tavolo: 'pov',
    kind: 'need',
    topic: [
      'Lavoratori anziani espulsi dal mercato del lavoro',
      'Over 55 che perdono il lavoro faticano a rientrare e scivolano verso la povertà.',
      'camera-lavoro',
    ],
  },
  {
    tavolo: 'dom',
    kind: 'observation',
    topic: [
      'Il terzo settore chiede di partecipare anche al monitoraggio del Piano',
      "La co-programmazione non finisce con l'approvazione: chiediamo momenti di verifica annuali.",
      'coord-volontariato',
    ],
  },
  {
    tavolo: 'soc',
    kind: 'observation',
    topic: [
      'Serve un linguaggio comune tra sanitario e sociale',
      'Le stesse parole indicano cose diverse nei servizi: proponiamo un glossario condiviso.',
      'ats-insubria',
    ],
  },
  {
    tavolo: 'dig',
    kind: 'proposal',
    topic: [
      'Open data dei servizi sociali di ambito',
      'Pubblicare ogni anno i dati aggregati dei servizi, così che enti e cittadini possano leggerli.',
      'digitale-solidale',
    ],
  },
];

const OPENERS: Record<ContributionKind, string[]> = {
  need: [
    'Segnaliamo un bisogno che incontriamo ogni giorno.',
    'Dalla nostra esperienza nel territorio emerge un bisogno crescente.',
    'Portiamo al tavolo una difficoltà che riguarda molte famiglie.',
  ],
  proposal: [
    'Proponiamo al tavolo una linea di intervento.',
    'La nostra proposta nasce da una sperimentazione già avviata.',
    'Mettiamo a disposizione del Piano questa proposta.',
  ],
  observation: [
    'Una osservazione sul lavoro comune.',
    'Condividiamo una riflessione emersa tra i nostri operatori e volontari.',
    'Riportiamo quanto osservato in questi anni.',
  ],
  evidence: [
    'Mettiamo a disposizione del tavolo i nostri dati.',
    'Alleghiamo i dati raccolti nel nostro servizio.',
    'Ecco quanto risulta dalla nostra rilevazione.',
  ],
};

const CLOSERS: Record<ContributionKind, string[]> = {
  need: [
    'Chiediamo che il Piano di Zona 2025-2027 ne tenga conto.',
    'Riteniamo che sia una priorità per il prossimo triennio.',
    'Siamo disponibili ad approfondire con i servizi dei comuni.',
  ],
  proposal: [
    "Siamo disponibili a co-progettarla con l'Ufficio di Piano e con gli altri enti del tavolo.",
    'Possiamo mettere a disposizione sedi, volontari e operatori.',
    'Proponiamo di avviarla in via sperimentale nel 2025 e di valutarla dopo un anno.',
  ],
  observation: [
    'Ne proponiamo la discussione nella prossima sessione.',
    'Crediamo che sia un elemento da considerare nella stesura del Piano.',
    'Lo segnaliamo perché il tavolo ne tenga traccia.',
  ],
  evidence: [
    'Il rapporto completo è allegato.',
    'I dati sono aggregati e non contengono informazioni personali.',
    'Siamo disponibili ad aggiornare i dati a metà triennio.',
  ],
};

function fillNumbers(text: string, rng: SeededRandom): string {
  return text
    .replace('{n}', String(rng.int(12, 480)))
    .replace('{m}', String(rng.int(500, 4200)))
    .replace('{p}', String(rng.int(18, 74)));
}

function bodyOf(
  kind: ContributionKind,
  detail: string,
  ente: ScenarioEnte,
  rng: SeededRandom,
): string {
  const where = ente.comune === 'Varese' ? 'a Varese' : `a ${ente.comune} e nei comuni vicini`;
  return [
    rng.pick(OPENERS[kind]),
    fillNumbers(detail, rng),
    `È quanto vediamo ogni giorno ${where}.`,
    rng.pick(CLOSERS[kind]),
  ].join(' ');
}

interface PlannedSession {
  session: ScenarioSession;
  contributions: ScenarioContribution[];
}

/** The two (three for sociosanitario) sessions of each tavolo, with their dates and titles. */
const SESSION_PLAN: Record<TavoloKey, { heldOn: string; title: string }[]> = {
  dom: [
    { heldOn: '2024-11-12', title: 'Avvio del tavolo e lettura dei bisogni' },
    { heldOn: '2025-01-14', title: 'Priorità e proposte per il Piano di Zona' },
  ],
  lav: [
    { heldOn: '2024-11-13', title: 'Avvio del tavolo: lavoro, formazione e giovani' },
    { heldOn: '2025-01-15', title: 'Proposte per i percorsi di inclusione lavorativa' },
  ],
  abi: [
    { heldOn: '2024-11-19', title: "Avvio del tavolo: l'emergenza abitativa nell'ambito" },
    { heldOn: '2025-01-21', title: "Proposte per un'agenzia sociale per la casa" },
  ],
  pov: [
    { heldOn: '2024-11-20', title: 'Avvio del tavolo: le nuove povertà' },
    { heldOn: '2025-01-22', title: 'Priorità e proposte contro la povertà' },
  ],
  dig: [
    { heldOn: '2024-11-26', title: 'Avvio del tavolo: accesso digitale ai servizi' },
    { heldOn: '2025-01-28', title: 'Proposte per la facilitazione digitale' },
  ],
  soc: [
    { heldOn: '2024-11-27', title: 'Avvio del tavolo con ASST Sette Laghi e ATS Insubria' },
    { heldOn: '2025-01-29', title: 'Case di Comunità e dimissioni protette' },
    { heldOn: '2025-02-05', title: 'Sintesi delle proposte per il Piano' },
  ],
};

function minutesOf(
  tavolo: ScenarioTavolo,
  heldOn: string,
  title: string,
  attendees: ScenarioEnte[],
): string {
  return [
    `Verbale della seduta del tavolo "${tavolo.name}" del ${heldOn}.`,
    `Ordine del giorno: ${title}.`,
    `Presenti: Ufficio di Piano dell'Ambito di Varese; ${attendees.map((e) => e.name).join('; ')}.`,
    'La seduta si apre alle ore 14.30 e si chiude alle ore 17.00.',
  ].join('\n');
}

/**
 * Citizens and an informal group at the front desk of the Ufficio di Piano (issue 18): invented
 * people; some consented to have their name published, some did not; one has no codice fiscale
 * (the office identified her by her identity card). Their data goes to the personal-data store.
 */
const PARTICIPANTS: NonNullable<Scenario['participants']> = {
  people: [
    {
      key: 'giuliana',
      kind: 'citizen',
      name: 'Giuliana Broggini',
      codiceFiscale: 'BRGGLN58E52L682E',
      email: 'giuliana.broggini@example.org',
      consentToPublish: true,
      tavoli: ['dom'],
    },
    {
      key: 'ernesto',
      kind: 'citizen',
      name: 'Ernesto Castiglioni',
      codiceFiscale: 'CSTRST49B11L682N',
      phone: '+39 0332 255 410',
      consentToPublish: false,
      tavoli: ['dom'],
    },
    {
      key: 'samira',
      kind: 'citizen',
      name: 'Samira El Idrissi',
      phone: '+39 347 118 2290',
      consentToPublish: false,
      tavoli: ['dom'],
    },
    {
      key: 'caregiver',
      kind: 'group',
      name: 'Caregiver di Bizzozero',
      referentName: 'Marta Zanzi',
      email: 'caregiver.bizzozero@example.org',
      consentToPublish: true,
      tavoli: ['dom'],
    },
  ],
  contributions: [
    {
      key: 'pc-giuliana-sollievo',
      tavolo: 'dom',
      participant: 'giuliana',
      kind: 'need',
      title: 'Ore di sollievo per chi assiste un familiare',
      body: 'Assisto mio marito da quattro anni: servirebbero alcune ore alla settimana di sollievo, anche il sabato.',
      channel: 'sportello',
    },
    {
      key: 'pc-ernesto-trasporto',
      tavolo: 'dom',
      participant: 'ernesto',
      kind: 'need',
      title: 'Accompagnamento alle visite',
      body: "Vivo solo in collina e non guido più: per le visite all'ospedale di Circolo dipendo dai vicini.",
      channel: 'sportello',
    },
    {
      key: 'pc-samira-informazioni',
      tavolo: 'dom',
      participant: 'samira',
      kind: 'observation',
      title: 'Informazioni sui servizi in più lingue',
      body: "Molte famiglie del quartiere non sanno a chi chiedere l'assistenza domiciliare: i volantini sono solo in italiano.",
      channel: 'scritto',
    },
    {
      key: 'pc-caregiver-gruppo',
      tavolo: 'dom',
      participant: 'caregiver',
      kind: 'proposal',
      title: 'Un gruppo di mutuo aiuto per caregiver',
      body: 'Proponiamo un incontro mensile in biblioteca, con un operatore del servizio sociale, per chi assiste un familiare.',
      channel: 'seduta',
    },
  ],
};

export function buildVareseScenario(seed = VARESE_SEED): Scenario {
  const rng = new SeededRandom(seed);
  const enti = buildEnti(rng);
  const byKey = new Map(enti.map((e) => [e.key, e]));
  const membersOf = (t: TavoloKey) =>
    enti.filter((e) => e.decision.outcome === 'admitted' && e.tavoli.includes(t));

  const planned: PlannedSession[] = [];
  const contributionKeys: Record<TavoloKey, Record<ContributionKind, string[]>> = {} as never;
  let counter = 0;

  for (const tavolo of TAVOLI) {
    const t = tavolo.key;
    const members = membersOf(t);
    const sessions: PlannedSession[] = SESSION_PLAN[t].map((s, i) => ({
      session: {
        step: 'session',
        key: `${t}-s${i + 1}`,
        tavolo: t,
        heldOn: s.heldOn,
        title: s.title,
        attendees: [],
        minutes: '',
        minutesSha256: '',
      },
      contributions: [],
    }));
    contributionKeys[t] = { need: [], proposal: [], observation: [], evidence: [] };
    const topics = TOPICS[t];
    const items: { kind: ContributionKind; topic: Topic }[] = [
      ...(['need', 'evidence', 'proposal', 'observation'] as const).flatMap((kind) =>
        topics[kind].map((topic) => ({ kind, topic })),
      ),
      ...EXTRA.filter((x) => x.tavolo === t).map((x) => ({ kind: x.kind, topic: x.topic })),
    ];
    for (const { kind, topic } of items) {
      const [title, detail, by] = topic;
      const ente = by ? byKey.get(by)! : rng.pick(members);
      if (!members.includes(ente)) throw new Error(`${ente.key} is not a member of ${t}`);
      // Needs and data are brought to the first session, proposals to the second; the last
      // session of a tavolo with three gathers observations. A few arrive by e-mail (no session).
      const last = sessions.length - 1;
      const sessionIndex =
        kind === 'need' || kind === 'evidence' ? 0 : kind === 'proposal' ? Math.min(1, last) : last;
      const bySession = rng.next() < 0.85;
      counter += 1;
      const key = `c${String(counter).padStart(3, '0')}`;
      const contribution: ScenarioContribution = {
        step: 'contribution',
        key,
        tavolo: t,
        ente: ente.key,
        kind,
        title,
        body: bodyOf(kind, detail, ente, rng),
      };
      if (kind === 'evidence') {
        const name = `${ascii(title)
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 48)}.pdf`;
        contribution.attachments = [
          { name, sha256: sha256(`${ente.codiceFiscale}:${name}:${contribution.body}`) },
        ];
      }
      if (bySession) contribution.session = sessions[sessionIndex]!.session.key;
      (bySession ? sessions[sessionIndex]!.contributions : sessions[last]!.contributions).push(
        contribution,
      );
      contributionKeys[t][kind].push(key);
    }
    for (const planned_ of sessions) {
      const contributors = new Set(
        planned_.contributions.filter((c) => c.session).map((c) => c.ente),
      );
      const attendees = members.filter((m) => contributors.has(m.key) || rng.next() < 0.7);
      const s = planned_.session;
      s.attendees = attendees.map((a) => a.key);
      s.minutes = minutesOf(tavolo, s.heldOn, s.title, attendees);
      s.minutesSha256 = sha256(s.minutes);
    }
    planned.push(...sessions);
  }

  // What happened, in date order: each session, then what was brought to it (or sent after it).
  planned.sort((a, b) => a.session.heldOn.localeCompare(b.session.heldOn));
  const programming: ScenarioStep[] = planned.flatMap((p) => [p.session, ...p.contributions]);

  const k = contributionKeys;
  const objectives = [
    {
      code: 'OB1',
      title: 'Rafforzare la domiciliarità e le reti di prossimità per gli anziani fragili',
      policyArea: 'domiciliarita' as PolicyArea,
      rationale:
        'Il tavolo Domiciliarità e prossimità ha documentato anziani soli nei comuni minori e tempi lunghi di attivazione dei servizi; la custodia sociale e lo sportello unico rispondono a entrambi.',
      contributions: [
        k.dom.need[0]!,
        k.dom.need[2]!,
        k.dom.proposal[0]!,
        k.dom.proposal[1]!,
        k.dom.evidence[0]!,
      ],
    },
    {
      code: 'OB2',
      title: 'Sostenere i caregiver familiari con sollievo e ascolto',
      policyArea: 'domiciliarita' as PolicyArea,
      rationale:
        'I dati delle associazioni mostrano caregiver impegnati da anni senza sollievo; i ricoveri programmati e la rete per le demenze sono la risposta condivisa.',
      contributions: [k.dom.need[1]!, k.dom.proposal[2]!, k.dom.evidence[1]!, k.soc.proposal[2]!],
    },
    {
      code: 'OB3',
      title: 'Percorsi di inclusione lavorativa per giovani e persone fragili',
      policyArea: 'lavoro' as PolicyArea,
      rationale:
        'Tirocini accompagnati e orientamento per i NEET, su evidenze degli esiti dei tirocini e dei fabbisogni delle imprese.',
      contributions: [
        k.lav.need[0]!,
        k.lav.need[1]!,
        k.lav.proposal[0]!,
        k.lav.proposal[1]!,
        k.lav.evidence[0]!,
        k.lav.observation[0]!,
      ],
    },
    {
      code: 'OB4',
      title: "Un'agenzia sociale per la casa e soluzioni abitative temporanee di ambito",
      policyArea: 'abitare' as PolicyArea,
      rationale:
        "Sfratti in crescita, alloggi sfitti e assenza di soluzioni temporanee: il tavolo Abitare propone un'agenzia sociale per la locazione e l'housing first.",
      contributions: [
        k.abi.need[0]!,
        k.abi.need[1]!,
        k.abi.proposal[0]!,
        k.abi.proposal[1]!,
        k.abi.evidence[0]!,
        k.abi.evidence[2]!,
      ],
    },
    {
      code: 'OB5',
      title: 'Contrastare la povertà alimentare ed educativa',
      policyArea: 'poverta-inclusione' as PolicyArea,
      rationale:
        'Emporio solidale di ambito e doposcuola diffuso, a partire dai dati della distribuzione alimentare e della dispersione scolastica.',
      contributions: [
        k.pov.need[0]!,
        k.pov.need[3]!,
        k.pov.proposal[0]!,
        k.pov.proposal[3]!,
        k.pov.evidence[0]!,
        k.pov.evidence[3]!,
      ],
    },
    {
      code: 'OB6',
      title: 'Facilitazione digitale di prossimità e cartella sociale di ambito',
      policyArea: 'digitale' as PolicyArea,
      rationale:
        'Punti di facilitazione in ogni comune e strumenti comuni per i dodici comuni, come chiesto dal tavolo Digitalizzazione dei servizi.',
      contributions: [
        k.dig.need[0]!,
        k.dig.need[3]!,
        k.dig.proposal[0]!,
        k.dig.proposal[1]!,
        k.dig.evidence[0]!,
        k.dig.evidence[3]!,
      ],
    },
    {
      code: 'OB7',
      title: 'Punto unico di accesso sociosanitario nelle Case di Comunità',
      policyArea: 'sociosanitario' as PolicyArea,
      rationale:
        'Con ASST Sette Laghi e ATS Insubria: un accesso unico nelle Case di Comunità per superare la frammentazione tra sociale e sanitario.',
      contributions: [
        k.soc.need[3]!,
        k.soc.proposal[0]!,
        k.soc.observation[0]!,
        k.soc.observation[3]!,
      ],
    },
    {
      code: 'OB8',
      title: 'Dimissioni protette e continuità tra ospedale e territorio',
      policyArea: 'sociosanitario' as PolicyArea,
      rationale:
        'Le dimissioni senza preavviso ai servizi sono il bisogno più segnalato; la valutazione multidimensionale condivisa è la proposta del tavolo.',
      contributions: [k.soc.need[0]!, k.soc.proposal[1]!, k.soc.evidence[0]!, k.soc.evidence[3]!],
    },
  ];

  const document = [
    "Piano di Zona 2025-2027 dell'Ambito territoriale di Varese",
    `Comuni: ${COMUNI.join(', ')}.`,
    ...objectives.map((o) => `${o.code} — ${o.title}. ${o.rationale}`),
  ].join('\n');

  // Implementation phase: a monitoring session and three contributions after the approval.
  const domMembers = membersOf('dom');
  const monitoring: ScenarioSession = {
    step: 'session',
    key: 'dom-m1',
    tavolo: 'dom',
    heldOn: '2025-06-17',
    title: 'Monitoraggio del Piano: primo semestre',
    attendees: domMembers
      .filter(
        (m) =>
          ['coord-volontariato', 'amici-anziano', 'asst-sette-laghi', 'ponte-sorriso'].includes(
            m.key,
          ) || rng.next() < 0.4,
      )
      .map((m) => m.key),
    minutes: '',
    minutesSha256: '',
  };
  monitoring.minutes = minutesOf(
    TAVOLI[0]!,
    monitoring.heldOn,
    monitoring.title,
    monitoring.attendees.map((a) => byKey.get(a)!),
  );
  monitoring.minutesSha256 = sha256(monitoring.minutes);
  const implementation: ScenarioStep[] = [
    monitoring,
    {
      step: 'contribution',
      key: 'i001',
      tavolo: 'dom',
      ente: 'amici-anziano',
      kind: 'evidence',
      title: 'Primi sei mesi della custodia sociale di quartiere',
      body: 'I custodi sociali hanno seguito 64 anziani in cinque comuni; 11 situazioni sono state segnalate ai servizi prima di un ricovero. Il rapporto è allegato.',
      session: 'dom-m1',
      attachments: [
        {
          name: 'custodia-sociale-primo-semestre-2025.pdf',
          sha256: sha256('custodia-sociale-primo-semestre-2025'),
        },
      ],
    },
    {
      step: 'contribution',
      key: 'i002',
      tavolo: 'dom',
      ente: 'coord-volontariato',
      kind: 'observation',
      title: 'Lo sportello unico per la domiciliarità va esteso ai comuni del lago',
      body: "Lo sportello funziona a Varese e Malnate, ma da Cazzago Brabbia e Galliate Lombardo gli accessi sono pochissimi: proponiamo un'apertura itinerante.",
      session: 'dom-m1',
    },
    {
      step: 'contribution',
      key: 'i003',
      tavolo: 'lav',
      ente: 'lavoro-prealpi',
      kind: 'proposal',
      title: "Estendere i tirocini di inclusione alla logistica dell'area di Malnate",
      body: "Tre imprese della logistica si sono dette disponibili ad accogliere tirocinanti nel 2026. Proponiamo di inserirle nell'accordo di ambito previsto dall'obiettivo OB3.",
    },
  ];

  return {
    ambito: {
      id: 'varese',
      name: 'Ambito territoriale di Varese',
      region: 'Lombardia',
      capofila: 'Varese',
      comuni: [...COMUNI],
    },
    startYear: 2025,
    participants: PARTICIPANTS,
    call: {
      title: "Manifestazione d'interesse per la co-programmazione del Piano di Zona 2025-2027",
      kind: 'co-programmazione',
      responsabile: { role: "Responsabile dell'Ufficio di Piano dell'ambito di Varese" },
      description:
        "Avviso pubblico rivolto agli enti del Terzo settore e alle formazioni sociali del distretto per partecipare, ai sensi dell'art. 55 del D.Lgs. 117/2017, ai tavoli di co-programmazione del Piano di Zona 2025-2027.",
      actReference:
        'Determinazione dirigenziale del Comune di Varese, capofila, n. 2871 del 18/10/2024',
      eligibleCategories: [
        'odv',
        'aps',
        'cooperativa-sociale',
        'impresa-sociale',
        'fondazione',
        'ente-filantropico',
        'rete-associativa',
        'mutuo-soccorso',
        'altro-ets',
        'ente-pubblico',
        'scuola',
        'sindacato',
      ],
      policyAreas: TAVOLI.map((t) => t.policyArea),
      closesInDays: 45,
    },
    enti,
    tavoli: TAVOLI.map(({ key, name, policyArea, description, openToCitizens }) => ({
      key,
      name,
      policyArea,
      description,
      ...(openToCitizens ? { openToCitizens } : {}),
    })),
    programming,
    plan: {
      approvedOn: '2025-02-27',
      approvedBy: "Assemblea dei Sindaci dell'Ambito territoriale di Varese",
      actReference: "Deliberazione dell'Assemblea dei Sindaci n. 2 del 27/02/2025",
      signatories: [...COMUNI],
      document,
      documentSha256: sha256(document),
      objectives,
    },
    implementation,
  };
}

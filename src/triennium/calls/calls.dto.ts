import {
  CALL_KINDS,
  ENTE_CATEGORIES,
  POLICY_AREAS,
  REGISTRATION_OUTCOMES,
  type CallKind,
  type EnteCategory,
  type PolicyArea,
} from '../../domain/vocabularies.js';
import { CodiceFiscale, Flag, Nested, OneOf, OneOfList, Text } from '../../http/dto.js';

/** The responsabile del procedimento by office: never a natural person's name. */
export class ResponsabileDto {
  @Text(200, {
    description:
      "The role or office (e.g. Responsabile dell'Ufficio di Piano), never a person's name: the name stays in the act (actReference).",
    example: "Responsabile dell'Ufficio di Piano",
  })
  role!: string;

  @Text(200, {
    optional: true,
    description: 'The pseudonymous account acting in that role, if any (not a name).',
  })
  accountId?: string | null;
}

export class OpenCallDto {
  @Text(300, { example: 'Avviso pubblico di co-programmazione del Piano di Zona 2025-2027' })
  title!: string;

  @OneOf(CALL_KINDS)
  kind!: CallKind;

  @Text(10_000, { optional: true, multiline: true })
  description?: string | null;

  @Text(300, {
    optional: true,
    description: 'Reference of the act that opened the call.',
    example: 'Determina n. 123 del 10/01/2025',
  })
  actReference?: string | null;

  @OneOfList(ENTE_CATEGORIES)
  eligibleCategories!: EnteCategory[];

  @OneOfList(POLICY_AREAS)
  policyAreas!: PolicyArea[];

  @Text(40, {
    description:
      'Deadline: an ISO 8601 instant with zone, or a date (then the end of that day, Europe/Rome). Must be in the future, and by the end of the triennium or within a year, whichever is later.',
    example: '2030-06-30T12:00:00Z',
  })
  closesAt!: string;

  @Nested(() => ResponsabileDto, {
    optional: true,
    description: 'The responsabile del procedimento (L. 241/1990 art. 5), by office.',
  })
  responsabile?: ResponsabileDto | null;

  @Flag({
    optional: true,
    description:
      "Takes applications after closesAt too, with role 'consultivo', until the call is closed by hand.",
  })
  admitLate?: boolean | null;
}

export class CloseCallDto {
  @Text(2000, { optional: true, multiline: true })
  reason?: string | null;
}

export class ContactDto {
  @Text(200, { example: 'Maria Rossi' })
  name!: string;

  @Text(254, { example: 'maria.rossi@example.org' })
  email!: string;
}

export class RegisterEnteDto {
  @CodiceFiscale({ description: 'Codice fiscale of the ente: 11 digits with check digit.' })
  codiceFiscale!: string;

  @Text(300)
  name!: string;

  @OneOf(ENTE_CATEGORIES)
  category!: EnteCategory;

  @Text(100, { example: 'Varese' })
  comune!: string;

  @Text(64, { optional: true, description: 'RUNTS registration number.' })
  runtsNumber?: string | null;

  @Nested(() => ContactDto, {
    description: 'Contact person; shown only to the ambito administrators.',
  })
  contact!: ContactDto;
}

export class DecideRegistrationDto {
  @OneOf(REGISTRATION_OUTCOMES)
  outcome!: 'admitted' | 'excluded';

  @Text(2000, { optional: true, multiline: true, description: 'Required when excluded.' })
  reason?: string | null;
}

/**
 * The data subject's rights, for the ambito's admin only (an ente, an evaluator, anyone else: 403;
 * anonymous: 401): access (GET), rectification, erasure, publication consent.
 * `/api/v1/ambiti/{ambitoId}/personal-data/{subjectId}`.
 */
import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, requireAdminOf, type CallerOrAnonymous } from '../auth/caller.js';
import { DomainError } from '../domain/errors.js';
import { API_PREFIX, created, type LocationResponse } from '../http/created.js';
import { ReadEndpoint } from '../http/read-endpoint.doc.js';
import { CommandEndpoint } from '../http/write-result.doc.js';
import { Write, type WriteContext } from '../write-side/write-context.js';
import { SubjectAccessDoc } from './personal-data.doc.js';
import {
  ErasePersonalDataDto,
  PublicationConsentDto,
  RectifyPersonalDataDto,
} from './personal-data.dto.js';
import { PersonalDataCommandMessage } from './personal-data.handlers.js';
import { isSubjectId } from './personal-data.port.js';
import { PersonalDataRights } from './personal-data-rights.js';
import { subjectAccess } from './subject-access.js';

function subjectIdOf(raw: string): string {
  if (!isSubjectId(raw))
    throw new DomainError('SUBJECT_NOT_FOUND', `No data subject ${JSON.stringify(raw)}.`);
  return raw;
}

@Controller('ambiti')
export class PersonalDataController {
  constructor(
    private readonly commands: CommandBus,
    private readonly rights: PersonalDataRights,
  ) {}

  private location(ambitoId: string, subjectId: string): string {
    return `${API_PREFIX}/ambiti/${encodeURIComponent(ambitoId)}/personal-data/${subjectId}`;
  }

  @ReadEndpoint({
    summary: "Access a data subject's personal data",
    description:
      "GDPR art. 15, for the ambito's admin only: everything the ledger holds about the subject " +
      "(the personal-data store's record, read-model copies) and every event that refers to it. " +
      'Reads the whole ledger. `legacy` says when the data is inside hash-chained v1 events, ' +
      'which no erasure can remove.',
    type: SubjectAccessDoc,
    tag: 'personal-data',
    auth: 'required',
    minPosition: false,
    refusals: { 403: ['FORBIDDEN'], 404: ['SUBJECT_NOT_FOUND'] },
  })
  @Get(':ambitoId/personal-data/:subjectId')
  async access(
    @Param('ambitoId') ambitoId: string,
    @Param('subjectId') raw: string,
    @Caller() caller: CallerOrAnonymous,
  ) {
    requireAdminOf(caller, ambitoId);
    return subjectAccess(this.rights, ambitoId, subjectIdOf(raw));
  }

  @Post(':ambitoId/personal-data/:subjectId/rectification')
  @CommandEndpoint(
    'PersonalDataRectified; id = the subject id.',
    'SUBJECT_NOT_FOUND 404, SUBJECT_ERASED 409, LEGACY_PERSONAL_DATA 409, NOT_FOUND 404',
  )
  async rectify(
    @Param('ambitoId') ambitoId: string,
    @Param('subjectId') raw: string,
    @Body() body: RectifyPersonalDataDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const subjectId = subjectIdOf(raw);
    const result = await this.commands.execute(
      new PersonalDataCommandMessage(
        ambitoId,
        { type: 'RectifyPersonalData', data: { subjectId, data: body.data } },
        caller,
        write,
      ),
    );
    return created(res, this.location(ambitoId, subjectId), result);
  }

  @Post(':ambitoId/personal-data/:subjectId/erasure')
  @CommandEndpoint(
    'PersonalDataErased; id = the subject id.',
    'SUBJECT_NOT_FOUND 404, SUBJECT_ERASED 409, NOT_FOUND 404',
  )
  async erase(
    @Param('ambitoId') ambitoId: string,
    @Param('subjectId') raw: string,
    @Body() body: ErasePersonalDataDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const subjectId = subjectIdOf(raw);
    const result = await this.commands.execute(
      new PersonalDataCommandMessage(
        ambitoId,
        { type: 'ErasePersonalData', data: { subjectId, ground: body.ground } },
        caller,
        write,
      ),
    );
    return created(res, this.location(ambitoId, subjectId), result);
  }

  @Post(':ambitoId/personal-data/:subjectId/consent')
  @CommandEndpoint(
    'PublicationConsentChanged; id = the subject id.',
    'SUBJECT_NOT_FOUND 404, SUBJECT_ERASED 409, LEGACY_PERSONAL_DATA 409, NOT_FOUND 404',
  )
  async consent(
    @Param('ambitoId') ambitoId: string,
    @Param('subjectId') raw: string,
    @Body() body: PublicationConsentDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const subjectId = subjectIdOf(raw);
    const result = await this.commands.execute(
      new PersonalDataCommandMessage(
        ambitoId,
        { type: 'ChangePublicationConsent', data: { subjectId, consent: body.consent } },
        caller,
        write,
      ),
    );
    return created(res, this.location(ambitoId, subjectId), result);
  }
}

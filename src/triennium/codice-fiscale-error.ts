import { codiceFiscaleProblem } from '../domain/codice-fiscale.js';
import { DomainError } from '../domain/errors.js';

/** The 400 INVALID_CODICE_FISCALE for a value that is not an ente's codice fiscale, else null. */
export function invalidCodiceFiscale(cf: unknown, field = 'codiceFiscale'): DomainError | null {
  const problem = codiceFiscaleProblem(cf);
  return problem === null
    ? null
    : new DomainError('INVALID_CODICE_FISCALE', problem, [{ field, message: problem }]);
}

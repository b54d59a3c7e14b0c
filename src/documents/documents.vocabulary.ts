/** public: anyone downloads it; restricted: only the ambito's admins. */
export const DOCUMENT_VISIBILITIES = ['public', 'restricted'] as const;
export type DocumentVisibility = (typeof DOCUMENT_VISIBILITIES)[number];

/** verbale: minutes; materiale: a session's materials; allegato: a contribution's attachment. */
export const DOCUMENT_KINDS = [
  'verbale',
  'materiale',
  'allegato',
  'piano',
  'atto',
  'altro',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_TITLE_MAX = 300;

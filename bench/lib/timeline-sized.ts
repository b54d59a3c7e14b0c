/** A fixed answer the size of the ledger's first timeline page (50 entries shaped like the ledger's, ~19 KB), for the HTTP ceilings. */
export const TIMELINE_SIZED = JSON.stringify({
  items: Array.from({ length: 50 }, (_, i) => ({
    position: String(1000 + i),
    occurredAt: '2026-11-23T06:22:40.418Z',
    type: 'ContributionRecorded',
    summary: `Contributo «Proposta ${i}» di Cooperativa sociale Il Germoglio al tavolo Domiciliarità e non autosufficienza`,
    actor: { sub: 'admin@ambito', role: 'admin' },
    refs: {
      trienniumId: 'ambito-2025-2027',
      tavoloId: '0f4fa39b-b21b-5986-bc69-579c199e927f',
      contributionId: '9b9c4093-d8ff-559e-affd-4d17ce6ae22a',
      codiceFiscale: '01234567897',
    },
    eventId: '0f4fa39b-b21b-5986-bc69-579c199e927f',
  })),
  nextCursor: 'eyJrIjoiMTA1MCJ9',
});

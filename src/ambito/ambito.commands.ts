/** Registering an ambito, as its decider takes it (validated for shape by ambito.dto.ts). */
export interface RegisterAmbito {
  type: 'RegisterAmbito';
  data: { ambitoId: string; name: string; region: string; capofila: string; comuni: string[] };
}

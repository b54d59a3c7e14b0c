/** The registration of an ambito, on its own stream `ambito-{id}`: its shape never changes. */
export interface AmbitoRegistered {
  type: 'AmbitoRegistered';
  data: { ambitoId: string; name: string; region: string; capofila: string; comuni: string[] };
}

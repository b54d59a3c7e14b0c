/**
 * Documents over a real server: upload (raw body), the hash checked on the way in, download
 * re-hashed on the way out (a corrupted copy is never served), restricted documents for the
 * ambito's admins only, and the events that cite a document's hash.
 */
import { createHash } from 'node:crypto';
import { sha256Of } from '../../src/documents/store/document-store.port.js';
import {
  buildWorld,
  expectProblem,
  startLedger,
  type Ledger,
  type World,
} from './commands.support.js';

export interface DocumentsBackend {
  env: Record<string, string>;
  /** Alters the stored bytes of `sha256` behind the server's back. */
  corrupt(ledger: Ledger, sha256: string): Promise<void>;
  cleanup(): Promise<void>;
}

const PDF = Buffer.from(
  '%PDF-1.4\n% Verbale della seduta del 12 marzo 2025 — àèìòù\n' + 'x'.repeat(5000) + '\n%%EOF\n',
  'utf8',
);
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

export function documentsSuite(name: string, backend: () => Promise<DocumentsBackend>): void {
  describe(`documents kept by the ledger (${name})`, () => {
    let ledger: Ledger;
    let be: DocumentsBackend;
    let w: World;
    let admin: string;
    const hash = sha256Of(PDF);

    beforeAll(async () => {
      be = await backend();
      ledger = await startLedger({
        PROJECTIONS: 'on',
        LEDGER_DOCUMENT_MAX_BYTES: '65536',
        LEDGER_BODY_LIMIT_BYTES: '16384',
        ...be.env,
      });
      w = await buildWorld(ledger, { members: 1 });
      admin = `Bearer ${ledger.token({ role: 'admin', ambito: 'varese' })}`;
    });
    afterAll(async () => {
      await ledger?.close();
      await be?.cleanup();
    });

    const upload = (query: string, body: Buffer, type = 'application/pdf', auth = admin) =>
      ledger
        .http()
        .post(`/api/v1/ambiti/varese/documents?${query}`)
        .set('Authorization', auth)
        .set('Content-Type', type)
        .send(body);
    const read = (path: string, position: string, auth?: string) => {
      const r = ledger.http().get(`/api/v1/ambiti/varese/documents${path}?minPosition=${position}`);
      return auth ? r.set('Authorization', auth) : r;
    };

    let position = '0';

    it('keeps an uploaded PDF by its SHA-256, its Repr-Digest checked, and gives the same bytes back', async () => {
      const res = await upload(
        `title=${encodeURIComponent('Verbale della seduta del 12 marzo 2025')}&visibility=public&kind=verbale&trienniumId=${w.trienniumId}`,
        PDF,
      ).set('Repr-Digest', `sha-256=:${b64(hash)}:`);
      expect(res.status).toBe(201);
      expect(res.body.id).toBe(hash);
      expect(res.headers.location).toBe(`/api/v1/ambiti/varese/documents/${hash}/metadata`);
      position = res.body.position;

      const down = await read(`/${hash}`, position)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(down.status).toBe(200);
      expect(down.headers['content-type']).toMatch(/^application\/pdf/);
      expect(down.headers['repr-digest']).toBe(`sha-256=:${b64(hash)}:`);
      expect(Buffer.compare(down.body as Buffer, PDF)).toBe(0);
      expect(
        createHash('sha256')
          .update(down.body as Buffer)
          .digest('hex'),
      ).toBe(hash);
    });

    it('lists it with its metadata, and its uploader as the envelope records it', async () => {
      const res = await read('', position);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          sha256: hash,
          title: 'Verbale della seduta del 12 marzo 2025',
          mediaType: 'application/pdf',
          sizeBytes: PDF.length,
          visibility: 'public',
          kind: 'verbale',
          trienniumId: w.trienniumId,
          uploadedBy: expect.objectContaining({ role: 'admin' }),
        }),
      ]);
    });

    it('summarises it in Italian in the triennium timeline', async () => {
      const res = await ledger
        .http()
        .get(`/api/v1/triennia/${w.trienniumId}/timeline?minPosition=${position}`);
      const entry = res.body.items.find((e: { type: string }) => e.type === 'DocumentRegistered');
      expect(entry.summary).toMatch(
        /^Depositato il verbale «Verbale della seduta del 12 marzo 2025» \(pubblico, SHA-256 /,
      );
    });

    it('shows which recorded events cite its hash (the minutes of a session)', async () => {
      const s = await ledger
        .http()
        .post(`/api/v1/tavoli/${w.tavoloId}/sessions`)
        .set('Authorization', ledger.root)
        .send({
          heldOn: '2025-03-12',
          title: 'Prima seduta',
          attendees: w.members,
          minutesSha256: hash,
        });
      expect(s.status).toBe(201);
      const res = await read(`/${hash}/metadata`, s.body.position);
      expect(res.status).toBe(200);
      expect(res.body.citedBy).toEqual([
        expect.objectContaining({
          type: 'TavoloSessionRecorded',
          field: 'minutesSha256',
          trienniumId: w.trienniumId,
          ref: expect.objectContaining({ sessionId: s.body.id, title: 'Prima seduta' }),
        }),
      ]);
    });

    it('refuses the same bytes twice: 409 DOCUMENT_EXISTS', async () => {
      expectProblem(
        await upload('title=Di%20nuovo&visibility=public', PDF),
        409,
        'DOCUMENT_EXISTS',
      );
    });

    it('refuses bytes that do not give the hash the client sent: 422 DOCUMENT_HASH_MISMATCH, nothing recorded', async () => {
      const before = await ledger.head();
      const other = Buffer.from('un altro file');
      expectProblem(
        await upload(`title=Altro&sha256=${hash}`, other, 'text/plain'),
        422,
        'DOCUMENT_HASH_MISMATCH',
      );
      expectProblem(
        await upload('title=Altro', other, 'text/plain').set('Digest', `SHA-256=${b64(hash)}`),
        422,
        'DOCUMENT_HASH_MISMATCH',
      );
      expect(await ledger.head()).toBe(before);
    });

    it('refuses a media type not configured (415), a body over LEDGER_DOCUMENT_MAX_BYTES (413), an empty one (400)', async () => {
      expectProblem(
        await upload('title=Pagina', Buffer.from('<html>'), 'text/html'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectProblem(
        await upload('title=Grande', Buffer.alloc(70_000, 1)),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expectProblem(await upload('title=Vuoto', Buffer.alloc(0)), 400, 'VALIDATION_FAILED');
    });

    it('takes a body larger than the JSON limit when it is a document', async () => {
      // 40 kB: over LEDGER_BODY_LIMIT_BYTES (16 KiB here), under the documents' 64 KiB.
      const big = Buffer.alloc(40_000, 7);
      const res = await upload('title=Materiali&kind=materiale', big, 'application/zip');
      expect(res.status).toBe(201);
    });

    it('lets only admins of the ambito upload: anonymous 401, an ente 403', async () => {
      const body = Buffer.from('materiali');
      const anon = await ledger
        .http()
        .post('/api/v1/ambiti/varese/documents?title=X')
        .set('Content-Type', 'text/plain')
        .send(body);
      expectProblem(anon, 401, 'UNAUTHENTICATED');
      const ente = `Bearer ${ledger.token({ role: 'ente', ente: w.members[0] })}`;
      expectProblem(await upload('title=X', body, 'text/plain', ente), 403, 'FORBIDDEN');
    });

    describe('a restricted document', () => {
      const secret = Buffer.from('Istruttoria riservata: documentazione antimafia');
      const h = sha256Of(secret);
      let pos = '0';
      beforeAll(async () => {
        const res = await upload(
          'title=Documentazione%20riservata&visibility=restricted',
          secret,
          'text/plain',
        );
        expect(res.status).toBe(201);
        pos = res.body.position;
      });

      it('is downloaded by the ambito admin', async () => {
        const res = await read(`/${h}`, pos, admin);
        expect(res.status).toBe(200);
        expect(res.text).toBe(secret.toString());
        expect(res.headers['cache-control']).toBe('private, no-store');
      });

      it("is refused to anyone else: anonymous 401, an ente 403, another ambito's admin 403; not listed for them", async () => {
        expectProblem(await read(`/${h}`, pos), 401, 'UNAUTHENTICATED');
        const ente = `Bearer ${ledger.token({ role: 'ente', ente: w.members[0] })}`;
        expectProblem(await read(`/${h}`, pos, ente), 403, 'FORBIDDEN');
        const other = `Bearer ${ledger.token({ role: 'admin', ambito: 'martesana' })}`;
        expectProblem(await read(`/${h}`, pos, other), 403, 'FORBIDDEN');
        expectProblem(await read(`/${h}/metadata`, pos), 401, 'UNAUTHENTICATED');
        const list = await read('', pos);
        expect(list.body.items.map((d: { sha256: string }) => d.sha256)).not.toContain(h);
        const adminList = await read('', pos, admin);
        expect(adminList.body.items.map((d: { sha256: string }) => d.sha256)).toContain(h);
      });
    });

    it("puts DocumentRegistered in the ambito's audit export, hash-chained; evaluators and admins only", async () => {
      const res = await ledger
        .http()
        .get('/api/v1/ambiti/varese/events?format=jsonl')
        .set('Authorization', admin);
      expect(res.status).toBe(200);
      const lines = res.text
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as {
              type: string;
              data: { sha256?: string };
              metadata: { prevHash: string; hash: string };
            },
        );
      expect(lines[0]!.type).toBe('AmbitoRegistered');
      expect(
        lines.filter((e) => e.type === 'DocumentRegistered').map((e) => e.data.sha256),
      ).toContain(hash);
      lines.slice(1).forEach((e, i) => expect(e.metadata.prevHash).toBe(lines[i]!.metadata.hash));
      expectProblem(
        await ledger.http().get('/api/v1/ambiti/varese/events'),
        401,
        'UNAUTHENTICATED',
      );
      const ente = `Bearer ${ledger.token({ role: 'ente', ente: w.members[0] })}`;
      expectProblem(
        await ledger.http().get('/api/v1/ambiti/varese/events').set('Authorization', ente),
        403,
        'FORBIDDEN',
      );
    });

    it('answers 404 for a hash the ambito does not keep, 400 for one that is no hash', async () => {
      expectProblem(await read(`/${'0'.repeat(64)}`, position), 404, 'NOT_FOUND');
      expectProblem(await read('/not-a-hash', position), 400, 'VALIDATION_FAILED');
    });

    it('never serves a corrupted copy: 503 DOCUMENT_CORRUPTED; uploading the file again repairs it', async () => {
      await be.corrupt(ledger, hash);
      const res = await read(`/${hash}`, position);
      expectProblem(res, 503, 'DOCUMENT_CORRUPTED');
      expectProblem(
        await upload('title=Di%20nuovo&visibility=public', PDF),
        409,
        'DOCUMENT_EXISTS',
      );
      const again = await read(`/${hash}`, position);
      expect(again.status).toBe(200);
    });
  });
}
